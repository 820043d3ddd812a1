package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.sbom.CycloneDxSbom;
import io.layerkit.sbom.Distribution;
import io.layerkit.sbom.DistributionCollector;
import io.layerkit.sbom.LayerSubject;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Stores the SBOM of a stored zip beside it ({@code <key>.cdx.json}), from what the collector saw
 * while the zip was written.
 */
final class StoreSbomStep implements Callable<StoredObject> {
  private final ArtifactStore store;
  private final PackageJob job;
  private final StoredObject zip;
  private final ArchiveResult archive;
  private final DistributionCollector collector;
  private final LayerSubject subject;
  private final StepLog log;

  StoreSbomStep(ArtifactStore store, PackageJob job, StoredObject zip, ArchiveResult archive,
      DistributionCollector collector, Optional<String> commit, String source, Instant timestamp,
      String toolVersion, StepLog log) {
    this.store = store;
    this.job = job;
    this.zip = zip;
    this.archive = archive;
    this.collector = collector;
    this.subject = new LayerSubject(job.name(), archive.sha256(), timestamp, commit,
        Optional.of(source), Optional.of(job.path()), toolVersion);
    this.log = log;
  }

  @Override
  public StoredObject call() throws IOException {
    List<Distribution> distributions = collector.distributions();
    byte[] sbom = CycloneDxSbom.write(subject, distributions);
    String key = CycloneDxSbom.keyFor(zip.key());
    log.info("sbom", "storing " + key + " (" + distributions.size()
        + " components in " + archive.files() + " files)");
    return store.putDocument(key, sbom, CycloneDxSbom.MEDIA_TYPE);
  }
}
