package io.layerkit.retention;

import java.util.List;
import java.util.Optional;

/**
 * What prune did for one package in one region.
 *
 * @param packageName the package
 * @param region the region
 * @param plan the plan, when the package's versions and objects could be read
 * @param applied whether deletions were asked for ({@code --apply})
 * @param deletedVersions the layer versions deleted
 * @param deletedKeys the keys of the stored zips deleted
 * @param error a one-line reason when the package could not be planned or fully applied
 */
public record PruneResult(String packageName, String region, Optional<PrunePlan> plan,
    boolean applied, List<Long> deletedVersions, List<String> deletedKeys, String error) {

  public PruneResult {
    deletedVersions = List.copyOf(deletedVersions);
    deletedKeys = List.copyOf(deletedKeys);
  }

  public static PruneResult failed(String packageName, String region, String error) {
    return new PruneResult(packageName, region, Optional.empty(), false, List.of(), List.of(),
        error);
  }

  public boolean ok() {
    return error == null;
  }
}
