package io.layerkit.retention;

import java.util.List;

/**
 * What retention does with one layer version.
 *
 * @param version the version
 * @param reasons why it is kept, in {@link KeepReason} order; empty when it is deleted
 * @param usedBy the functions that use it (function ARNs), from every source of usage
 */
public record VersionDecision(LayerVersionInfo version, List<KeepReason> reasons,
    List<String> usedBy) {

  public VersionDecision {
    reasons = List.copyOf(reasons);
    usedBy = List.copyOf(usedBy);
  }

  public boolean keep() {
    return !reasons.isEmpty();
  }
}
