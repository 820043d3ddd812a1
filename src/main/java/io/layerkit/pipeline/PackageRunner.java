package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.message.OneLine;
import io.layerkit.registry.Lease;
import io.layerkit.registry.Release;
import io.layerkit.sbom.DistributionCollector;
import io.layerkit.source.Revision;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.UnsafePathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the steps for one package in their one order (see {@link #steps}). Nothing else knows the
 * order, steps never call each other, and a new step is one class and one line here.
 *
 * <p>Safety rule: the registry is written last, only after the store confirmed the object, its
 * signed copy, SBOM and provenance, and the layer version exists, so a failure at any step leaves
 * the previous release current. A publish holds the package's lease from before it reads the
 * current release until it has recorded its own, so a second run of the package waits and then
 * finds it unchanged.
 *
 * <p>Regions: the archive, its SBOM and provenance are made once; then each region
 * ({@link RegionParts}) is compared with its own release and does only what it lacks, on its own
 * (see {@link RegionSteps}).
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
    try (Lease lease = new TakeLeaseStep(parts.leases(), request.mode(), request.pace(),
        job, log).call()) {
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
    List<RegionParts> regions = request.mode() == Mode.BUILD ? List.of() : parts.regions();
    List<Recorded> recorded = new ArrayList<>();
    for (RegionParts region : regions) {
      recorded.add(Recorded.of(region, job));
    }
    Optional<Release> known = recorded.stream().flatMap(r -> r.release().stream()).findFirst();
    Optional<String> fresh = new CheckFreshnessStep(parts.source(), revision, job, known,
        comparison, log).call();
    if (fresh.isPresent()) {
      List<RegionVerdict> verdicts = confirm(regions, recorded, job, comparison,
          known.get().contentDigest(), fresh);
      boolean noBuild = verdicts.stream().noneMatch(RegionVerdict::needsArchive);
      if (noBuild && (request.mode() == Mode.PUBLISH || allStand(verdicts))) {
        return regionSteps(job, results, log).publish(regions, verdicts, null, null);
      }
    }
    new CheckRequestBudgetStep(parts.source(), revision, job, known, log).call();
    PackageTree tree = new ListTreeStep(parts.source(), revision, job, log).call();
    parts.source().estimateRequests(revision, tree).ifPresent(results::requestEstimate);
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
    List<RegionVerdict> verdicts = confirm(regions, recorded, job, comparison,
        archive.contentDigest(), Optional.empty());
    if (request.mode() == Mode.PLAN) {
      return regionSteps(job, results, log).plan(regions, verdicts, archive);
    }
    PackageEvidence evidence = new PackageEvidence(job, archive, collector.orElseThrow(),
        parts.source(), revision, parts.archiver().timestamp(), request.builder(), startedOn,
        parts.clock(), parts.attestation());
    return regionSteps(job, results, log).publish(regions, verdicts, archive, evidence);
  }

  private RegionSteps regionSteps(PackageJob job, Results results, StepLog log) {
    return new RegionSteps(parts, revision, job, request.signingProfile(),
        request.builder().invocationId(), results, log);
  }

  /** A region's current release, or why it could not be read (that region alone fails). */
  private record Recorded(Optional<Release> release, String error) {
    static Recorded of(RegionParts region, PackageJob job) {
      try {
        return new Recorded(new FindReleaseStep(Optional.of(region.registry()), job).call(), null);
      } catch (IOException | RuntimeException e) {
        return new Recorded(Optional.empty(), OneLine.of(e));
      }
    }
  }

  private List<RegionVerdict> confirm(List<RegionParts> regions, List<Recorded> recorded,
      PackageJob job, Comparison comparison, String contentDigest, Optional<String> fresh) {
    List<RegionVerdict> verdicts = new ArrayList<>();
    for (int i = 0; i < regions.size(); i++) {
      Recorded r = recorded.get(i);
      if (r.error() != null) {
        verdicts.add(RegionVerdict.failed(r.error()));
        continue;
      }
      try {
        verdicts.add(new ConfirmReleaseStep(regions.get(i), job, r.release(), comparison,
            contentDigest, fresh).call());
      } catch (IOException | RuntimeException e) {
        verdicts.add(RegionVerdict.failed(OneLine.of(e)));
      }
    }
    return verdicts;
  }

  private static boolean allStand(List<RegionVerdict> verdicts) {
    return verdicts.stream().allMatch(v -> v.kind() == RegionVerdict.Kind.STANDS);
  }

  /** A layer version is part of a release only where the run writes releases. */
  private boolean publishes(PackageJob job) {
    return request.mode() != Mode.BUILD && job.layer().isPresent();
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
