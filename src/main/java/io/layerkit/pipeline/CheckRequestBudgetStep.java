package io.layerkit.pipeline;

import io.layerkit.registry.Release;
import io.layerkit.source.PackageSource;
import io.layerkit.source.RequestBudgetException;
import io.layerkit.source.RequestEstimate;
import io.layerkit.source.Revision;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * Refuses a package whose listing and fetching cannot fit in what is left of the remote's hourly
 * request budget, before a request is spent on it. The estimate comes from the previous release's
 * file count; without one there is nothing to estimate from, and the source checks again once the
 * folder is listed, before its files are fetched.
 */
final class CheckRequestBudgetStep implements Callable<Optional<RequestEstimate>> {
  private final PackageSource source;
  private final Revision revision;
  private final PackageJob job;
  private final Optional<Release> previous;
  private final StepLog log;

  CheckRequestBudgetStep(PackageSource source, Revision revision, PackageJob job,
      Optional<Release> previous, StepLog log) {
    this.source = source;
    this.revision = revision;
    this.job = job;
    this.previous = previous;
    this.log = log;
  }

  @Override
  public Optional<RequestEstimate> call() throws RequestBudgetException {
    OptionalInt files = previous.map(release -> OptionalInt.of(release.files()))
        .orElse(OptionalInt.empty());
    Optional<RequestEstimate> estimate = source.estimateRequests(revision, job.path(), files);
    if (estimate.isPresent()) {
      log.debug("budget", "about " + estimate.get().total() + " requests, from "
          + estimate.get().basis());
      source.requireBudget(job.path(), estimate.get());
    }
    return estimate;
  }
}
