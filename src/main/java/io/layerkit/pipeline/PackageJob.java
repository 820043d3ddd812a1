package io.layerkit.pipeline;

import io.layerkit.publish.StorageMode;
import java.util.List;
import java.util.Optional;

/**
 * One package of a run.
 *
 * @param name the package's name: its zip, key, release and layer name
 * @param path its folder inside the source, normalised
 * @param layer the layer version to publish and share, when publishing
 */
public record PackageJob(String name, String path, Optional<LayerSettings> layer) {

  /**
   * How a package's layer version is published and shared.
   *
   * @param runtimes compatible runtimes, may be empty
   * @param architectures compatible architectures, may be empty
   * @param license license info
   * @param share account ids, organization ids or {@code *}
   * @param storage whether Lambda copies the zip or references its object version in place
   */
  public record LayerSettings(List<String> runtimes, List<String> architectures,
      Optional<String> license, List<String> share, StorageMode storage) {

    public LayerSettings {
      runtimes = List.copyOf(runtimes);
      architectures = List.copyOf(architectures);
      share = List.copyOf(share);
    }

    /** Settings whose layer versions copy the zip. */
    public LayerSettings(List<String> runtimes, List<String> architectures,
        Optional<String> license, List<String> share) {
      this(runtimes, architectures, license, share, StorageMode.COPY);
    }
  }
}
