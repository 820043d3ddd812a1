package io.layerkit.pipeline;

import io.layerkit.config.PackageSpec;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.ArtifactUpload;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Puts the zip into the store, or reuses an object of the package with the same SHA-256 (left by
 * an earlier run that failed after storing), so a re-run never uploads a duplicate.
 */
final class StoreArchiveStep implements Callable<StoredObject> {
  private final ArtifactStore store;
  private final PackageSpec job;
  private final ArchiveResult archive;
  private final String releaseName;
  private final Map<String, String> metadata;

  StoreArchiveStep(ArtifactStore store, PackageSpec job, ArchiveResult archive, String releaseName,
      String commit, String sourceDescription) {
    this.store = store;
    this.job = job;
    this.archive = archive;
    this.releaseName = releaseName;
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("package", job.name());
    meta.put("sha256", archive.sha256());
    meta.put("content-digest", archive.contentDigest());
    meta.put("source", sourceDescription);
    if (commit != null) {
      meta.put("commit", commit);
    }
    this.metadata = Map.copyOf(meta);
  }

  @Override
  public StoredObject call() throws IOException {
    Optional<StoredObject> existing = store.findBySha256(job.name(), archive.sha256());
    if (existing.isPresent()) {
      return existing.get();
    }
    return store.put(new ArtifactUpload(job.name(), releaseName + ".zip", archive.file(),
        archive.sha256(), archive.size(), metadata));
  }
}
