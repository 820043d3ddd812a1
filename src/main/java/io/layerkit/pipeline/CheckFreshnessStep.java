package io.layerkit.pipeline;

import io.layerkit.config.PackageSpec;

import io.layerkit.registry.Release;
import io.layerkit.source.Freshness;
import io.layerkit.source.PackageSource;
import io.layerkit.source.PreviousBuild;
import io.layerkit.source.Revision;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Asks the source whether the package folder is provably unchanged since its current release,
 * before listing or fetching anything (a Git tree id, or the same commit).
 */
final class CheckFreshnessStep implements Callable<Freshness> {
  private final PackageSource source;
  private final Revision revision;
  private final PackageSpec job;
  private final Release previous;

  CheckFreshnessStep(PackageSource source, Revision revision, PackageSpec job, Release previous) {
    this.source = source;
    this.revision = revision;
    this.job = job;
    this.previous = previous;
  }

  @Override
  public Freshness call() throws IOException {
    if (previous.source() == null || previous.packagePath() == null) {
      return Freshness.unknown("previous release does not say where it came from");
    }
    PreviousBuild build = new PreviousBuild(previous.source(), previous.packagePath(),
        Optional.ofNullable(previous.commit()), Optional.ofNullable(previous.fingerprint()));
    return source.freshness(revision, job.path(), build);
  }
}
