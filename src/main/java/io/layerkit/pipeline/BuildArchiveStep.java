package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.archive.ContentObserver;
import io.layerkit.archive.ContentOpener;
import io.layerkit.archive.LayerArchiver;
import io.layerkit.source.PackageSource;
import io.layerkit.source.Revision;
import io.layerkit.tree.PackageTree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Fetches every entry of the listed tree through the source and writes the layer zip; an observer
 * (the SBOM's collector) sees the entries it wants on their way, so the tree is read once.
 */
final class BuildArchiveStep implements Callable<ArchiveResult> {
  private final PackageSource source;
  private final LayerArchiver archiver;
  private final Revision revision;
  private final PackageJob job;
  private final PackageTree tree;
  private final Path target;
  private final PipelineListener listener;
  private final Optional<? extends ContentObserver> observer;

  BuildArchiveStep(PackageSource source, LayerArchiver archiver, Revision revision, PackageJob job,
      PackageTree tree, Path target, PipelineListener listener,
      Optional<? extends ContentObserver> observer) {
    this.source = source;
    this.archiver = archiver;
    this.revision = revision;
    this.job = job;
    this.tree = tree;
    this.target = target;
    this.listener = listener;
    this.observer = observer;
  }

  @Override
  public ArchiveResult call() throws IOException {
    new StepLog(listener, job.name()).info("fetch",
        "fetching " + tree.fileCount() + " files, " + tree.unzippedSize() + " bytes");
    listener.fetchStarted(job.name(), tree.fileCount(), tree.unzippedSize());
    ContentOpener opener = entry -> source.open(revision, job.path(), entry);
    return archiver.archive(
        tree,
        observer.map(o -> ContentObserver.observing(opener, o)).orElse(opener),
        target,
        (entry, bytes) -> listener.entryDone(job.name(), bytes));
  }
}
