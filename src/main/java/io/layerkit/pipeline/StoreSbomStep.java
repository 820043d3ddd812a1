package io.layerkit.pipeline;

import io.layerkit.sbom.CycloneDxSbom;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Stores the SBOM of a stored zip beside it ({@code <key>.cdx.json}), from what the collector saw
 * while the zip was written.
 */
final class StoreSbomStep implements Callable<StoredObject> {
  private final ArtifactStore store;
  private final StoredObject zip;
  private final PackageEvidence evidence;
  private final int files;
  private final StepLog log;

  /** @param files the zip's entries, for the log */
  StoreSbomStep(ArtifactStore store, StoredObject zip, PackageEvidence evidence, int files,
      StepLog log) {
    this.store = store;
    this.zip = zip;
    this.evidence = evidence;
    this.files = files;
    this.log = log;
  }

  @Override
  public StoredObject call() throws IOException {
    String key = CycloneDxSbom.keyFor(zip.key());
    log.info("sbom", "storing " + key + " (" + evidence.components()
        + " components in " + files + " files)");
    return store.putDocument(key, evidence.sbom(), CycloneDxSbom.MEDIA_TYPE);
  }
}
