package io.layerkit.config;

import java.util.List;
import java.util.Optional;

/**
 * Defaults for publishing layer versions; a package's own settings add to or replace them.
 *
 * @param publishLayer publish a layer version after storing
 * @param share principals every package is shared with
 * @param allowPublic must be set for {@code *} in a share list
 * @param runtimes default compatible runtimes
 * @param architectures default compatible architectures
 * @param license default license
 * @param storage how Lambda keeps a new layer version's code: {@code copy} or {@code reference}
 */
public record PublishSettings(
    boolean publishLayer,
    List<String> share,
    boolean allowPublic,
    List<String> runtimes,
    List<String> architectures,
    Optional<String> license,
    String storage) {

  public PublishSettings {
    share = List.copyOf(share);
    runtimes = List.copyOf(runtimes);
    architectures = List.copyOf(architectures);
  }

  public static final String COPY = "copy";
  public static final String REFERENCE = "reference";

  /** Settings with Lambda's default storage, {@code copy}. */
  public PublishSettings(boolean publishLayer, List<String> share, boolean allowPublic,
      List<String> runtimes, List<String> architectures, Optional<String> license) {
    this(publishLayer, share, allowPublic, runtimes, architectures, license, COPY);
  }

  public static PublishSettings defaults() {
    return new PublishSettings(false, List.of(), false, List.of(), List.of(), Optional.empty(),
        COPY);
  }
}
