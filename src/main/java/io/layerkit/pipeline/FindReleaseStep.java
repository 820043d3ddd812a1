package io.layerkit.pipeline;

import io.layerkit.registry.Release;
import io.layerkit.registry.ReleaseRegistry;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Reads the package's current release, which every later comparison is against. A release of
 * another folder under the same name (two folders both called {@code requests}) is refused:
 * compared, the two would replace each other's release in turn, each run "changed".
 */
final class FindReleaseStep implements Callable<Optional<Release>> {
  private final Optional<ReleaseRegistry> registry;
  private final PackageJob job;

  /** @param registry the registry, or empty when the run records nothing (build) */
  FindReleaseStep(Optional<ReleaseRegistry> registry, PackageJob job) {
    this.registry = registry;
    this.job = job;
  }

  @Override
  public Optional<Release> call() throws IOException {
    Optional<Release> current = registry.isEmpty() ? Optional.empty()
        : registry.get().current(job.name());
    // releases of older versions may not name their folder
    current.filter(r -> r.packagePath() != null && !r.packagePath().equals(job.path()))
        .ifPresent(other -> {
          throw new PackageNameTakenException("package " + job.name() + " is released from "
              + other.packagePath() + " (" + other.name() + "), not from " + job.path()
              + ": each folder needs its own package name; rename this one as NAME=FOLDER (e.g. "
              + job.path().replace('/', '-') + "=" + job.path() + ") or with name: in"
              + " layerkit.yaml");
        });
    return current;
  }

  /** The package's name is another folder's: a rename, not a run, resolves it. */
  static final class PackageNameTakenException extends IllegalStateException {
    PackageNameTakenException(String message) {
      super(message);
    }
  }
}
