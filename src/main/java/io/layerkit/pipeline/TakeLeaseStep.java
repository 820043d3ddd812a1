package io.layerkit.pipeline;

import io.layerkit.registry.Lease;
import io.layerkit.registry.PackageLeases;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Takes the package's lease before a publish reads the current release, waiting while another
 * run publishes the same package; build and plan write nothing and take none.
 */
final class TakeLeaseStep implements Callable<Lease> {
  private final Optional<PackageLeases> leases;
  private final Mode mode;
  private final PackageJob job;
  private final StepLog log;

  TakeLeaseStep(Optional<PackageLeases> leases, Mode mode, PackageJob job, StepLog log) {
    this.leases = leases;
    this.mode = mode;
    this.job = job;
    this.log = log;
  }

  @Override
  public Lease call() throws IOException {
    if (mode != Mode.PUBLISH || leases.isEmpty()) {
      return Lease.NONE;
    }
    return leases.get().take(job.name(), holder -> log.info("lease", "waiting for another run"
        + " publishing " + job.name() + " (" + holder + ")"));
  }
}
