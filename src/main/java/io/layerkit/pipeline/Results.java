package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.registry.Release;
import io.layerkit.source.PackageSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one package's {@link PackageResult} for each way it can end, with the warnings
 * collected on the way and the requests the source sent for it.
 */
final class Results {
  private final PackageJob job;
  private final PackageSource source;
  private final long requestsBefore;
  private final List<String> warnings = new ArrayList<>();

  Results(PackageJob job, PackageSource source) {
    this.job = job;
    this.source = source;
    this.requestsBefore = source.requestCount();
  }

  /** Where steps add their warnings. */
  List<String> warnings() {
    return warnings;
  }

  PackageResult unchanged(Release previous, String reason) {
    return new PackageResult(job.name(), job.path(), PackageStatus.UNCHANGED,
        previous.sha256(), previous.size(), previous.files(), previous.unzippedSize(),
        previous.key(), previous.layerVersionArn(), null, null, reason, requests(), warnings,
        previous.contentDigest(), previous.sbomKey(), previous.provenanceKey(),
        previous.attestationKey());
  }

  PackageResult built(ArchiveResult archive) {
    return ofArchive(PackageStatus.BUILT, archive, archive.file().toString(), null, null, null);
  }

  PackageResult planned(ArchiveResult archive, String reason) {
    return ofArchive(PackageStatus.PLANNED, archive, null, null, reason, null);
  }

  PackageResult created(ArchiveResult archive, Release release, String reason) {
    return ofArchive(PackageStatus.CREATED, archive, release.key(), release.layerVersionArn(),
        reason, release);
  }

  PackageResult failed(FailureKind kind, String error) {
    return PackageResult.failed(job.name(), job.path(), kind, error, requests(), warnings);
  }

  private PackageResult ofArchive(PackageStatus status, ArchiveResult archive, String key,
      String layerVersionArn, String reason, Release release) {
    return new PackageResult(job.name(), job.path(), status, archive.sha256(), archive.size(),
        archive.files(), archive.unzippedSize(), key, layerVersionArn, null, null, reason,
        requests(), warnings, archive.contentDigest(),
        release == null ? null : release.sbomKey(),
        release == null ? null : release.provenanceKey(),
        release == null ? null : release.attestationKey());
  }

  private long requests() {
    return source.requestCount() - requestsBefore;
  }
}
