package io.layerkit.pipeline;

import io.layerkit.config.PackageSpec;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.publish.LayerPublisher;
import io.layerkit.publish.LayerVersionRequest;
import io.layerkit.publish.PublishedLayer;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.util.concurrent.Callable;

/** Publishes the stored zip as a Lambda layer version and applies the package's grants. */
final class PublishLayerStep implements Callable<PublishedLayer> {
  private final LayerPublisher publisher;
  private final PackageSpec job;
  private final StoredObject object;
  private final ArchiveResult archive;
  private final String commit;

  PublishLayerStep(LayerPublisher publisher, PackageSpec job, StoredObject object,
      ArchiveResult archive, String commit) {
    this.publisher = publisher;
    this.job = job;
    this.object = object;
    this.archive = archive;
    this.commit = commit;
  }

  @Override
  public PublishedLayer call() throws IOException {
    String description = "layerkit " + job.path()
        + (commit == null ? "" : " @" + commit.substring(0, Math.min(12, commit.length())))
        + " sha256:" + archive.sha256().substring(0, 16);
    return publisher.publish(new LayerVersionRequest(job.name(), object, archive.sha256(),
        description, job.runtimes(), job.architectures(), job.license().orElse(null), job.share()));
  }
}
