package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.publish.LayerPublisher;
import io.layerkit.publish.LayerVersionRequest;
import io.layerkit.publish.PublishedLayer;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Publishes the stored zip (its code-signed copy, when signed) as a Lambda layer version and applies the package's grants, when the
 * package asks for a layer; otherwise does nothing.
 */
final class PublishLayerStep implements Callable<Optional<PublishedLayer>> {
  private final Optional<LayerPublisher> publisher;
  private final PackageJob job;
  private final StoredObject object;
  private final ArchiveResult archive;
  private final String commit;
  private final StepLog log;

  PublishLayerStep(Optional<LayerPublisher> publisher, PackageJob job, StoredObject object,
      ArchiveResult archive, String commit, StepLog log) {
    this.publisher = publisher;
    this.job = job;
    this.object = object;
    this.archive = archive;
    this.commit = commit;
    this.log = log;
  }

  @Override
  public Optional<PublishedLayer> call() throws IOException {
    if (job.layer().isEmpty()) {
      return Optional.empty();
    }
    PackageJob.LayerSettings layer = job.layer().get();
    log.info("publish", "publishing layer version of " + object.key());
    String description = "layerkit " + job.path()
        + (commit == null ? "" : " @" + commit.substring(0, Math.min(12, commit.length())))
        + " sha256:" + archive.sha256().substring(0, 16);
    return Optional.of(publisher.orElseThrow(() -> new IllegalStateException(
            "package " + job.name() + " asks for a layer but the run has no publisher"))
        .publish(new LayerVersionRequest(job.name(), object, object.sha256(), description,
            layer.runtimes(), layer.architectures(), layer.license().orElse(null),
            layer.share(), layer.storage())));
  }
}
