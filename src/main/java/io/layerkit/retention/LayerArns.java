package io.layerkit.retention;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads layer version ARNs: {@code arn:PARTITION:lambda:REGION:ACCOUNT:layer:NAME:VERSION}. */
public final class LayerArns {
  private static final Pattern LAYER_VERSION =
      Pattern.compile("arn:[a-z-]+:lambda:[a-z0-9-]+:\\d{12}:layer:([A-Za-z0-9_-]+):\\d+");

  private LayerArns() {}

  /** Whether {@code arn} names a version of a layer called {@code layerName} (any account, region). */
  public static boolean isVersionOf(String arn, String layerName) {
    Matcher matcher = LAYER_VERSION.matcher(arn);
    return matcher.matches() && matcher.group(1).equals(layerName);
  }
}
