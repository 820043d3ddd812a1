package io.layerkit.pipeline;

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
 * before listing or fetching anything (a Git tree id, or the same commit). Gives the reason when
 * it is, so the package can be reported unchanged at once.
 */
final class CheckFreshnessStep implements Callable<Optional<String>> {
  private final PackageSource source;
  private final Revision revision;
  private final PackageJob job;
  private final Optional<Release> previous;
  private final Comparison comparison;
  private final StepLog log;

  CheckFreshnessStep(PackageSource source, Revision revision, PackageJob job,
      Optional<Release> previous, Comparison comparison, StepLog log) {
    this.source = source;
    this.revision = revision;
    this.job = job;
    this.previous = previous;
    this.comparison = comparison;
    this.log = log;
  }

  @Override
  public Optional<String> call() throws IOException {
    Optional<Release> current = previous.filter(comparison::mayReuse);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    Release release = current.get();
    if (release.source() == null || release.packagePath() == null) {
      log.debug("compare", "previous release does not say where it came from");
      return Optional.empty();
    }
    PreviousBuild build = new PreviousBuild(release.source(), release.packagePath(),
        Optional.ofNullable(release.commit()), Optional.ofNullable(release.fingerprint()));
    Freshness freshness = source.freshness(revision, job.path(), build);
    log.debug("compare", freshness.reason());
    return freshness.verdict() == Freshness.Verdict.SAME
        ? Optional.of(freshness.reason()) : Optional.empty();
  }
}
