package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.registry.Release;
import io.layerkit.source.PackageSource;
import io.layerkit.source.RequestEstimate;
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
  private final List<RegionResult> regions = new ArrayList<>();
  private RequestEstimate requestEstimate;

  Results(PackageJob job, PackageSource source) {
    this.job = job;
    this.source = source;
    this.requestsBefore = source.requestCount();
  }

  /** Where steps add their warnings. */
  List<String> warnings() {
    return warnings;
  }

  /** What the listed folder costs the remote, for the report (plan shows it). */
  void requestEstimate(RequestEstimate estimate) {
    this.requestEstimate = estimate;
  }

  /** Adds how the package ended in one region, for a run that names its regions. */
  void region(RegionResult result) {
    regions.add(result);
  }

  PackageResult unchanged(Release previous, String reason) {
    return new PackageResult(job.name(), job.path(), PackageStatus.UNCHANGED,
        previous.sha256(), previous.size(), previous.files(), previous.unzippedSize(),
        previous.key(), previous.layerVersionArn(), null, null, reason, requests(), warnings,
        previous.contentDigest(), requestEstimate, regions, previous.sbomKey(),
        previous.provenanceKey(), previous.attestationKey());
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
    return new PackageResult(job.name(), job.path(), PackageStatus.FAILED, null, null, null, null,
        null, null, error, kind, null, requests(), warnings, null, requestEstimate, regions,
        null, null, null);
  }

  private PackageResult ofArchive(PackageStatus status, ArchiveResult archive, String key,
      String layerVersionArn, String reason, Release release) {
    return new PackageResult(job.name(), job.path(), status, archive.sha256(), archive.size(),
        archive.files(), archive.unzippedSize(), key, layerVersionArn, null, null, reason,
        requests(), warnings, archive.contentDigest(), requestEstimate, regions,
        release == null ? null : release.sbomKey(),
        release == null ? null : release.provenanceKey(),
        release == null ? null : release.attestationKey());
  }

  private long requests() {
    return source.requestCount() - requestsBefore;
  }
}
