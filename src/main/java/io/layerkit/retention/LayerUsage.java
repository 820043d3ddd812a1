package io.layerkit.retention;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who uses which layer versions: the functions of an account, or those an aggregator sees. An
 * adapter reads them; this class keeps what it read, once for every package of a prune.
 */
public abstract class LayerUsage {
  private Map<String, List<String>> byLayerVersion;

  /** What is asked, e.g. {@code functions in us-east-1}. */
  public abstract String describe();

  /** The reason a version in use here is kept. */
  public abstract KeepReason reason();

  /** Every layer version in use, of any layer: version ARN to the functions using it. */
  protected abstract Map<String, List<String>> readAll() throws IOException;

  /**
   * Every layer version in use, of any layer: read on first use and then served from memory (one
   * prune asks for many packages, and in many regions of one aggregator).
   */
  public final synchronized Map<String, List<String>> users() throws IOException {
    if (byLayerVersion == null) {
      byLayerVersion = readAll();
    }
    return byLayerVersion;
  }

  /**
   * The versions of {@code layerName} in use: version ARN to the functions using it. Versions
   * nobody uses are absent.
   */
  public Map<String, List<String>> usersOf(String layerName) throws IOException {
    Map<String, List<String>> users = new TreeMap<>();
    users().forEach((arn, functions) -> {
      if (LayerArns.isVersionOf(arn, layerName)) {
        users.put(arn, functions);
      }
    });
    return users;
  }
}
