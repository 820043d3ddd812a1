package io.layerkit.pipeline;

import io.layerkit.registry.Release;
import io.layerkit.registry.ReleaseRegistry;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Reads the package's current release, which every later comparison is against. */
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
    return registry.isEmpty() ? Optional.empty() : registry.get().current(job.name());
  }
}
