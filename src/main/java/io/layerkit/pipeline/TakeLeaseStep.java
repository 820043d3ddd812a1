package io.layerkit.pipeline;

import io.layerkit.registry.Lease;
import io.layerkit.registry.PackageLeases;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Takes the package's lease before a publish reads the current release, waiting while another
 * run publishes the same package, for as long as the run's pace leaves (a Lambda invocation must
 * still report) and at most {@link #LONGEST_WAIT}; build and plan write nothing and take none.
 */
final class TakeLeaseStep implements Callable<Lease> {
  /** Below Lambda's 15 minutes; a package that takes longer is rare and the re-run adopts it. */
  static final Duration LONGEST_WAIT = Duration.ofMinutes(14);

  private final Optional<PackageLeases> leases;
  private final Mode mode;
  private final Pace pace;
  private final PackageJob job;
  private final StepLog log;

  TakeLeaseStep(Optional<PackageLeases> leases, Mode mode, Pace pace, PackageJob job,
      StepLog log) {
    this.leases = leases;
    this.mode = mode;
    this.pace = pace;
    this.job = job;
    this.log = log;
  }

  @Override
  public Lease call() throws IOException {
    if (mode != Mode.PUBLISH || leases.isEmpty()) {
      return Lease.NONE;
    }
    Duration wait = pace.timeLeft().compareTo(LONGEST_WAIT) < 0 ? pace.timeLeft() : LONGEST_WAIT;
    return leases.get().take(job.name(), wait, holder -> log.info("lease", "waiting for another run"
        + " publishing " + job.name() + " (" + holder + ")"));
  }
}
