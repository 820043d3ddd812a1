package io.layerkit.pipeline;

import io.layerkit.registry.PublishedWith;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a package's layer settings differ from those its release was published with. Runtimes,
 * architectures, license and storage are fixed per layer version (a change needs a new one);
 * share targets are grants, which an existing version takes.
 */
final class SettingsChange {
  private SettingsChange() {}

  /** Why the recorded version cannot serve {@code wanted}, when it cannot. */
  static Optional<String> fixedPart(PublishedWith recorded, PackageJob.LayerSettings wanted) {
    if (!sameItems(recorded.runtimes(), wanted.runtimes())) {
      return Optional.of(change("compatible runtimes", recorded.runtimes(), wanted.runtimes()));
    }
    if (!sameItems(recorded.architectures(), wanted.architectures())) {
      return Optional.of(change("architectures", recorded.architectures(),
          wanted.architectures()));
    }
    if (!Objects.equals(recorded.license(), wanted.license().orElse(null))) {
      return Optional.of("license changed");
    }
    if (!wanted.storage().label().equals(recorded.storage())) {
      return Optional.of("storage changed from " + recorded.storage() + " to "
          + wanted.storage().label());
    }
    return Optional.empty();
  }

  /** Share targets {@code wanted} asks for that the recorded version is not granted to. */
  static List<String> missingShare(PublishedWith recorded, PackageJob.LayerSettings wanted) {
    return wanted.share().stream().filter(s -> !recorded.share().contains(s)).toList();
  }

  private static boolean sameItems(List<String> a, List<String> b) {
    return new HashSet<>(a).equals(new HashSet<>(b));
  }

  private static String change(String what, List<String> from, List<String> to) {
    return what + " changed from " + from + " to " + to;
  }
}
