package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.message.OneLine;
import io.layerkit.provenance.Artifact;
import io.layerkit.provenance.BuildRecord;
import io.layerkit.provenance.RepositoryUri;
import io.layerkit.publish.PublishedLayer;
import io.layerkit.registry.Release;
import io.layerkit.sbom.CycloneDxSbom;
import io.layerkit.sbom.DistributionCollector;
import io.layerkit.source.Revision;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.StoredObject;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.UnsafePathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs the steps for one package in their one order (see {@link #steps}). Nothing else knows the
 * order, steps never call each other, and a new step is one class and one line here.
 *
 * <p>Safety rule: the registry is written last, only after the store confirmed the object, its
 * signed copy, SBOM and provenance, and the layer version exists, so a failure at any step leaves
 * the previous release current.
 */
final class PackageRunner {
  private final Parts parts;
  private final PipelineListener listener;
  private final RunRequest request;
  private final Revision revision;
  private final Path workDir;

  PackageRunner(Parts parts, PipelineListener listener, RunRequest request, Revision revision,
      Path workDir) {
    this.parts = parts;
    this.listener = listener;
    this.request = request;
    this.revision = revision;
    this.workDir = workDir;
  }

  PackageResult run(PackageJob job) {
    Results results = new Results(job, parts.source());
    StepLog log = new StepLog(listener, job.name());
    PackageResult result;
    try {
      result = steps(job, results, log);
    } catch (LayerRejectedException e) {
      log.error("validate", e.getMessage());
      result = results.failed(FailureKind.VALIDATION, e.getMessage());
    } catch (UnsafePathException e) {
      result = failed(FailureKind.VALIDATION, e, results, log);
    } catch (IOException | RuntimeException e) {
      result = failed(FailureKind.ERROR, e, results, log);
    }
    discardWorkCopy(job, log);
    listener.packageFinished(result);
    return result;
  }

  private PackageResult steps(PackageJob job, Results results, StepLog log)
      throws IOException, LayerRejectedException {
    Instant startedOn = parts.clock().instant();
    Comparison comparison = new Comparison(request.force(), publishes(job),
        request.mode() != Mode.BUILD && request.signingProfile().isPresent());
    Optional<Release> previous = new FindReleaseStep(parts.registry(), job).call();
    Optional<String> fresh = new CheckFreshnessStep(parts.source(), revision, job, previous,
        comparison, log).call();
    if (fresh.isPresent()) {
      return unchanged(results, previous.get(), fresh.get(), log);
    }
    PackageTree tree = new ListTreeStep(parts.source(), revision, job, log).call();
    new ValidateTreeStep(parts.validator(), tree, results.warnings()).call();
    // only what is stored gets an SBOM: build and plan leave the collector out
    Optional<DistributionCollector> collector = request.mode() == Mode.PUBLISH
        ? Optional.of(new DistributionCollector()) : Optional.empty();
    ArchiveResult archive = new BuildArchiveStep(parts.source(), parts.archiver(), revision, job,
        tree, zipOf(job), listener, collector).call();
    new ValidateArchiveStep(parts.validator(), archive, results.warnings(), log).call();
    if (request.mode() == Mode.BUILD) {
      return results.built(archive);
    }
    Optional<String> same = comparison.unchanged(previous, archive);
    if (same.isPresent()) {
      return unchanged(results, previous.get(), same.get(), log);
    }
    String why = comparison.whyChanged(previous, archive);
    if (request.mode() == Mode.PLAN) {
      return results.planned(archive, why);
    }
    ArtifactStore store = parts.store().orElseThrow();
    StoredObject stored = new StoreArchiveStep(store, job, archive,
        parts.clock(), revision.commit(), parts.source().describe(), why, log).call();
    Optional<SignedArchive> signed = new SignArchiveStep(parts.signer(), store, stored,
        request.signingProfile(), request.builder().invocationId(), log).call();
    Instant timestamp = parts.archiver().timestamp();
    StoredObject sbom = new StoreSbomStep(store, job, stored, archive, collector.orElseThrow(),
        revision.commitId(), parts.source().describe(), timestamp, request.builder().version(),
        log).call();
    Evidence evidence = new StoreProvenanceStep(store, stored, sbom,
        buildRecord(job, stored, sbom, timestamp, startedOn), parts.attestation(), log).call();
    Optional<PublishedLayer> layer = new PublishLayerStep(parts.publisher(), job,
        signed.map(SignedArchive::object).orElse(stored), archive, revision.commit(), log).call();
    Release release = new RecordReleaseStep(parts.registry().orElseThrow(), job, stored, archive,
        layer, parts.source(), revision, parts.clock(), evidence, signed, timestamp, log).call();
    return results.created(archive, release, why);
  }

  /** What the provenance says about this build of the stored zip. */
  private BuildRecord buildRecord(PackageJob job, StoredObject zip, StoredObject sbom,
      Instant timestamp, Instant startedOn) {
    String source = parts.source().describe();
    Builder builder = request.builder();
    return new BuildRecord(Artifact.of(fileName(zip.key()), zip.sha256()), source,
        revision.ref(), job.path(), timestamp,
        RepositoryUri.ofCommit(source, revision.commitId()), revision.commitId(), builder.id(),
        builder.version(), builder.invocationId(), startedOn, parts.clock().instant(),
        List.of(new Artifact(fileName(sbom.key()), sbom.sha256(), CycloneDxSbom.MEDIA_TYPE)));
  }

  private static String fileName(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** A layer version is part of a release only where the run writes releases. */
  private boolean publishes(PackageJob job) {
    return request.mode() != Mode.BUILD && job.layer().isPresent();
  }

  private static PackageResult unchanged(Results results, Release previous, String reason,
      StepLog log) {
    log.info("compare", "unchanged: " + reason);
    return results.unchanged(previous, reason);
  }

  private static PackageResult failed(FailureKind kind, Exception e, Results results,
      StepLog log) {
    String error = OneLine.of(e);
    log.error("failed", error);
    return results.failed(kind, error);
  }

  /**
   * Once stored (or planned, or failed) a package's zip is not needed: removed now, not at the end
   * of the run, so a run's disk use is one layer, not all of them (Lambda's /tmp is small).
   */
  private void discardWorkCopy(PackageJob job, StepLog log) {
    if (request.mode() == Mode.BUILD) {
      return;
    }
    try {
      Files.deleteIfExists(zipOf(job));
    } catch (IOException e) {
      log.warn("cleanup", "cannot remove " + zipOf(job) + ": " + OneLine.of(e));
    }
  }

  private Path zipOf(PackageJob job) {
    return (request.mode() == Mode.BUILD ? request.outDir() : workDir).resolve(job.name() + ".zip");
  }
}
