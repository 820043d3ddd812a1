package io.layerkit.retention;

import java.util.List;

/**
 * Retention's decision for one package in one region: every layer version and every stored zip,
 * each kept (with its reasons) or to be deleted.
 *
 * @param packageName the package, which is also the layer's name
 * @param region the region of the layer versions
 * @param policy the policy the plan follows
 * @param versions every layer version, newest first
 * @param objects every stored zip of the package, newest first
 */
public record PrunePlan(String packageName, String region, RetentionPolicy policy,
    List<VersionDecision> versions, List<ObjectDecision> objects) {

  public PrunePlan {
    versions = List.copyOf(versions);
    objects = List.copyOf(objects);
  }

  public List<VersionDecision> versionsToDelete() {
    return versions.stream().filter(v -> !v.keep()).toList();
  }

  public List<ObjectDecision> objectsToDelete() {
    return objects.stream().filter(o -> !o.keep()).toList();
  }
}
