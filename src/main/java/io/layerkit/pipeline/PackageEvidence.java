package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.provenance.Artifact;
import io.layerkit.provenance.Attestation;
import io.layerkit.provenance.BuildRecord;
import io.layerkit.provenance.Envelope;
import io.layerkit.provenance.EnvelopeSigner;
import io.layerkit.provenance.RepositoryUri;
import io.layerkit.sbom.CycloneDxSbom;
import io.layerkit.sbom.DistributionCollector;
import io.layerkit.sbom.LayerSubject;
import io.layerkit.source.PackageSource;
import io.layerkit.source.Revision;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SBOM and provenance of one package's zip, each made once and then stored beside the zip
 * in every region: the same bytes everywhere, and one KMS signature however many regions.
 */
final class PackageEvidence {
  private final PackageJob job;
  private final ArchiveResult archive;
  private final DistributionCollector collector;
  private final PackageSource source;
  private final Revision revision;
  private final Instant timestamp;
  private final Builder builder;
  private final Instant startedOn;
  private final Clock clock;
  private final Optional<EnvelopeSigner> attestation;
  private byte[] sbom;
  private Envelope envelope;

  /**
   * @param timestamp the time stamped on every zip entry
   * @param startedOn when the package's build started, for the provenance's run details
   */
  PackageEvidence(PackageJob job, ArchiveResult archive, DistributionCollector collector,
      PackageSource source, Revision revision, Instant timestamp, Builder builder,
      Instant startedOn, Clock clock, Optional<EnvelopeSigner> attestation) {
    this.job = job;
    this.archive = archive;
    this.collector = collector;
    this.source = source;
    this.revision = revision;
    this.timestamp = timestamp;
    this.builder = builder;
    this.startedOn = startedOn;
    this.clock = clock;
    this.attestation = attestation;
  }

  /** The CycloneDX document; its bytes depend on the zip and the commit only. */
  synchronized byte[] sbom() throws IOException {
    if (sbom == null) {
      LayerSubject subject = new LayerSubject(job.name(), archive.sha256(), timestamp,
          revision.commitId(), Optional.of(source.describe()), Optional.of(job.path()),
          builder.version());
      sbom = CycloneDxSbom.write(subject, collector.distributions());
    }
    return sbom;
  }

  /** How many components the SBOM lists besides the layer. */
  int components() {
    return collector.distributions().size();
  }

  /**
   * The provenance envelope of {@code zip} and its {@code sbomObject}, signed with the
   * attestation key when there is one. Made on the first call: every region stores the zip and
   * the SBOM under the same names with the same bytes, so the statement is the same.
   */
  synchronized Envelope envelope(StoredObject zip, StoredObject sbomObject) throws IOException {
    if (envelope == null) {
      envelope = Attestation.envelope(buildRecord(zip, sbomObject), attestation);
    }
    return envelope;
  }

  private BuildRecord buildRecord(StoredObject zip, StoredObject sbomObject) {
    String described = source.describe();
    return new BuildRecord(Artifact.of(fileName(zip.key()), zip.sha256()), described,
        revision.ref(), job.path(), timestamp,
        RepositoryUri.ofCommit(described, revision.commitId()), revision.commitId(),
        builder.id(), builder.version(), builder.invocationId(), startedOn, clock.instant(),
        List.of(new Artifact(fileName(sbomObject.key()), sbomObject.sha256(),
            CycloneDxSbom.MEDIA_TYPE)));
  }

  private static String fileName(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }
}
