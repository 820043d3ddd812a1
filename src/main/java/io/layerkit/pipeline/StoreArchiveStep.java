package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.ArtifactUpload;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Puts the zip into the store as {@code <package>-<yyyyMMddHHmmss>.zip}, or reuses an object of
 * the package with the same SHA-256 (left by an earlier run that failed after storing), so a
 * re-run never uploads a duplicate.
 */
final class StoreArchiveStep implements Callable<StoredObject> {
  static final DateTimeFormatter RELEASE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private final ArtifactStore store;
  private final PackageJob job;
  private final ArchiveResult archive;
  private final Clock clock;
  private final Map<String, String> metadata;
  private final String why;
  private final StepLog log;

  /**
   * @param commit the pinned commit, or {@code null} for a plain folder
   * @param sourceDescription the source's secret-free name
   * @param why why a new release is made, for the log
   */
  StoreArchiveStep(ArtifactStore store, PackageJob job, ArchiveResult archive, Clock clock,
      String commit, String sourceDescription, String why, StepLog log) {
    this.store = store;
    this.job = job;
    this.archive = archive;
    this.clock = clock;
    this.why = why;
    this.log = log;
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
    String name = job.name() + "-" + RELEASE_TIME.format(clock.instant()) + ".zip";
    Optional<StoredObject> existing = store.findBySha256(job.name(), archive.sha256());
    if (existing.isPresent()) {
      log.info("store", "reusing " + existing.get().key() + ", stored earlier with the same"
          + " SHA-256 (" + why + ")");
      return existing.get();
    }
    log.info("store", "storing " + name + " (" + why + ")");
    return store.put(new ArtifactUpload(job.name(), name, archive.file(), archive.sha256(),
        archive.size(), metadata));
  }
}
