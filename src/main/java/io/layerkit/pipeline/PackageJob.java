package io.layerkit.pipeline;

import io.layerkit.config.PackageSpec;
import io.layerkit.source.PathRules;
import java.util.List;
import java.util.Optional;

/**
 * One package as the pipeline runs it: its spec merged with the run's publishing defaults.
 *
 * @param name package name
 * @param path normalised folder inside the source
 * @param runtimes compatible runtimes
 * @param architectures compatible architectures
 * @param license license, if any
 * @param share principals to share the layer version with
 */
record PackageJob(
    String name,
    String path,
    List<String> runtimes,
    List<String> architectures,
    Optional<String> license,
    List<String> share) {

  static PackageJob of(PackageSpec spec, io.layerkit.config.PublishSettings defaults) {
    List<String> share = new java.util.ArrayList<>(defaults.share());
    spec.share().stream().filter(p -> !share.contains(p)).forEach(share::add);
    return new PackageJob(
        spec.name(),
        PathRules.normalizeFolder(spec.path()),
        spec.runtimes().isEmpty() ? defaults.runtimes() : spec.runtimes(),
        spec.architectures().isEmpty() ? defaults.architectures() : spec.architectures(),
        spec.license().or(defaults::license),
        List.copyOf(share));
  }
}
