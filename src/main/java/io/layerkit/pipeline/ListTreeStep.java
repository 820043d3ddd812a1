package io.layerkit.pipeline;

import io.layerkit.source.PackageSource;
import io.layerkit.source.Revision;
import io.layerkit.tree.PackageTree;
import java.io.IOException;
import java.util.concurrent.Callable;

/** Lists the package folder's whole tree at the pinned revision. */
final class ListTreeStep implements Callable<PackageTree> {
  private final PackageSource source;
  private final Revision revision;
  private final PackageJob job;
  private final StepLog log;

  ListTreeStep(PackageSource source, Revision revision, PackageJob job, StepLog log) {
    this.source = source;
    this.revision = revision;
    this.job = job;
    this.log = log;
  }

  @Override
  public PackageTree call() throws IOException {
    log.info("list", "listing " + job.path());
    return source.list(revision, job.path());
  }
}
