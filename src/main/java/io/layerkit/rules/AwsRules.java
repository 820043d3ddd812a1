package io.layerkit.rules;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * AWS's rules for the names and values layerkit hands to AWS, each defined once: the
 * configuration checks what a user gives against them before anything runs, and adapters check
 * again before they call AWS.
 */
public final class AwsRules {
  /** An AWS account id. */
  public static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  /** An AWS Organizations id. */
  public static final Pattern ORGANIZATION_ID = Pattern.compile("o-[a-z0-9]{10,32}");
  /** The principal that shares a layer version with every AWS account. */
  public static final String EVERY_ACCOUNT = "*";
  /** S3 general purpose bucket names, without the IP-address and reserved-suffix corner cases. */
  public static final Pattern S3_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  /** S3 keys may be 1,024 bytes; a prefix leaves room for the package and file name. */
  public static final int MAX_KEY_PREFIX = 512;
  /** One segment of an SSM parameter name. */
  public static final Pattern SSM_SEGMENT = Pattern.compile("[A-Za-z0-9_.-]+");
  /** SSM parameter hierarchies are at most 15 levels deep. */
  public static final int MAX_SSM_LEVELS = 15;
  /** A Lambda layer name (without the ARN form); the console allows at most 64 characters. */
  public static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /** A Lambda runtime identifier such as {@code python3.12} or {@code provided.al2023}. */
  public static final Pattern RUNTIME = Pattern.compile("[a-z][a-z0-9.]{1,31}");
  /** The instruction set architectures a layer version may name. */
  public static final List<String> ARCHITECTURES = List.of("x86_64", "arm64");
  /** PublishLayerVersion: at most this many compatible runtimes. */
  public static final int MAX_RUNTIMES = 15;
  /** PublishLayerVersion: {@code LicenseInfo} is at most this many characters. */
  public static final int MAX_LICENSE = 512;

  private AwsRules() {}

  /** Whether {@code principal} is an account id, an organization id or {@code *}. */
  public static boolean isSharePrincipal(String principal) {
    return principal.equals(EVERY_ACCOUNT) || ACCOUNT_ID.matcher(principal).matches()
        || ORGANIZATION_ID.matcher(principal).matches();
  }

  /** SSM refuses names whose first segment starts with {@code aws} or {@code ssm}, in any case. */
  public static boolean isReservedBySsm(String firstSegment) {
    String lower = firstSegment.toLowerCase(Locale.ROOT);
    return lower.startsWith("aws") || lower.startsWith("ssm");
  }
}
