package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.publish.PublishedLayer;
import io.layerkit.registry.PublishedWith;
import io.layerkit.registry.Release;
import io.layerkit.registry.ReleaseRegistry;
import io.layerkit.source.PackageSource;
import io.layerkit.source.Revision;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Records the release: the last write of a package, made only once the object, its SBOM and
 * provenance (and its signed copy) are confirmed and the layer version exists, so the registry
 * never points at something missing.
 */
final class RecordReleaseStep implements Callable<Release> {
  private final ReleaseRegistry registry;
  private final PackageJob job;
  private final StoredObject stored;
  private final ArchiveResult archive;
  private final Optional<PublishedLayer> layer;
  private final PackageSource source;
  private final Revision revision;
  private final Clock clock;
  private final List<String> regions;
  private final Evidence evidence;
  private final Optional<SignedArchive> signed;
  private final Instant timestamp;
  private final StepLog log;

  /** @param timestamp the time stamped on every entry: with the commit, what rebuilds the zip */
  RecordReleaseStep(ReleaseRegistry registry, PackageJob job, StoredObject stored,
      ArchiveResult archive, Optional<PublishedLayer> layer, PackageSource source,
      Revision revision, Clock clock, List<String> regions, Evidence evidence,
      Optional<SignedArchive> signed, Instant timestamp, StepLog log) {
    this.registry = registry;
    this.job = job;
    this.stored = stored;
    this.archive = archive;
    this.layer = layer;
    this.source = source;
    this.revision = revision;
    this.clock = clock;
    this.regions = List.copyOf(regions);
    this.evidence = evidence;
    this.signed = signed;
    this.timestamp = timestamp;
    this.log = log;
  }

  @Override
  public Release call() throws IOException {
    // A reused object keeps its name: readers of the original function's value turn the recorded
    // name into the zip's key, so it must be the stored object's.
    String releaseName = releaseNameOf(stored.key());
    Release release = new Release(job.name(), releaseName, stored.key(), stored.location(),
        archive.sha256(), archive.contentDigest(), archive.size(), archive.files(),
        archive.unzippedSize(), revision.commit(), source.describe(), job.path(),
        source.fingerprint(revision, job.path()).orElse(null), clock.instant(),
        layer.map(PublishedLayer::layerVersionArn).orElse(null),
        job.layer().map(this::publishedWith).orElse(null),
        stored.versionId().orElse(null),
        evidence.sbom().key(), evidence.provenance().key(),
        evidence.attestationKey().orElse(null), revision.ref().orElse(null), timestamp,
        signed.map(s -> s.object().key()).orElse(null),
        signed.map(s -> s.object().sha256()).orElse(null),
        signed.map(SignedArchive::profileVersionArn).orElse(null),
        signed.map(SignedArchive::jobId).orElse(null));
    registry.record(release);
    log.info("record", "recorded " + releaseName);
    return release;
  }

  private PublishedWith publishedWith(PackageJob.LayerSettings settings) {
    return new PublishedWith(settings.runtimes(), settings.architectures(),
        settings.license().orElse(null), settings.share(), settings.storage().label(), regions);
  }

  /** {@code <package>-<timestamp>} of a key {@code <prefix><package>/<package>-<timestamp>.zip}. */
  private static String releaseNameOf(String key) {
    String file = key.substring(key.lastIndexOf('/') + 1);
    return file.endsWith(".zip") ? file.substring(0, file.length() - ".zip".length()) : file;
  }
}
