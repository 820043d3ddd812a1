package io.layerkit.registry;

import java.util.List;

/**
 * The settings a release was published with. Runtimes, architectures, license and storage are
 * fixed per layer version, so a change to one needs a new version; share targets are grants on a
 * version, added to it; regions say where the run published.
 *
 * @param runtimes compatible runtimes, may be empty
 * @param architectures compatible architectures, may be empty
 * @param license license info, or {@code null}
 * @param share account ids, organization ids or {@code *} the version is shared with
 * @param storage {@code copy} or {@code reference}
 * @param regions the regions of the run, the home region first; empty when none was named
 */
public record PublishedWith(
    List<String> runtimes,
    List<String> architectures,
    String license,
    List<String> share,
    String storage,
    List<String> regions) {

  public PublishedWith {
    runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
    architectures = architectures == null ? List.of() : List.copyOf(architectures);
    share = share == null ? List.of() : List.copyOf(share);
    regions = regions == null ? List.of() : List.copyOf(regions);
  }
}
