package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.message.OneLine;
import io.layerkit.publish.PublishedLayer;
import io.layerkit.registry.Release;
import io.layerkit.source.Revision;
import io.layerkit.store.StoredObject;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.UnsafePathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs the steps for one package in their one order (see {@link #steps}). Nothing else knows the
 * order, steps never call each other, and a new step is one class and one line here.
 *
 * <p>Safety rule: the registry is written last, only after the store confirmed the object and
 * the layer version exists, so a failure at any step leaves the previous release current.
 *
 * <p>Regions: the archive is built once; then each region ({@link RegionParts}) is compared with
 * its own release and does only what it lacks, on its own (see {@link #finish}).
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
    Comparison comparison = new Comparison(request.force(), publishes(job));
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
        return finish(job, results, regions, verdicts, null, log);
      }
    }
    PackageTree tree = new ListTreeStep(parts.source(), revision, job, log).call();
    new ValidateTreeStep(parts.validator(), tree, results.warnings()).call();
    ArchiveResult archive = new BuildArchiveStep(parts.source(), parts.archiver(), revision, job,
        tree, zipOf(job), listener).call();
    new ValidateArchiveStep(parts.validator(), archive, results.warnings(), log).call();
    if (request.mode() == Mode.BUILD) {
      return results.built(archive);
    }
    List<RegionVerdict> verdicts = confirm(regions, recorded, job, comparison,
        archive.contentDigest(), Optional.empty());
    if (request.mode() == Mode.PLAN) {
      return plan(results, regions, verdicts, archive, log);
    }
    return finish(job, results, regions, verdicts, archive, log);
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

  /**
   * Does what each region needs, each on its own: one region failing neither stops nor undoes
   * another, and the package fails when any region did. The archive is built once for all of
   * them, and stored under one name: the first region's object name (a reused one included) is
   * every later region's (or the name a standing region's release already has).
   *
   * @param archive the package's zip, or {@code null} when no region needs one
   */
  private PackageResult finish(PackageJob job, Results results, List<RegionParts> regions,
      List<RegionVerdict> verdicts, ArchiveResult archive, StepLog log) {
    List<Release> releases = new ArrayList<>();
    List<RegionResult> outcomes = new ArrayList<>();
    Clock storeClock = Clock.fixed(parts.clock().instant(), ZoneOffset.UTC);
    // a region whose release stands already names the object: the others get the same key
    Optional<Release> standing = verdicts.stream()
        .filter(v -> v.kind() == RegionVerdict.Kind.STANDS || v.kind() == RegionVerdict.Kind.SHARE)
        .flatMap(v -> v.previous().stream()).findFirst();
    if (standing.isPresent()) {
      storeClock = clockOf(standing.get(), storeClock);
    }
    for (int i = 0; i < regions.size(); i++) {
      RegionParts region = regions.get(i);
      RegionVerdict verdict = verdicts.get(i);
      StepLog regionLog = log.in(region);
      Release release = null;
      RegionResult outcome;
      try {
        switch (verdict.kind()) {
          case STANDS -> {
            regionLog.info("compare", "unchanged: " + verdict.reason());
            release = verdict.previous().orElseThrow();
          }
          case SHARE -> release = new ShareLayerStep(region, job, verdict, regionLog).call();
          case REBUILD -> {
            release = publishIn(region, job, archive, storeClock, verdict.reason(), regionLog);
            storeClock = clockOf(release, storeClock);
          }
          case FAILED -> throw new IllegalStateException(verdict.reason());
        }
        PackageStatus status = verdict.kind() == RegionVerdict.Kind.REBUILD
            ? PackageStatus.CREATED : PackageStatus.UNCHANGED;
        outcome = new RegionResult(region.name().orElse(null), status, release.key(),
            release.layerVersionArn(), null, verdict.reason());
      } catch (IOException | RuntimeException e) {
        String error = OneLine.of(e);
        regionLog.error("failed", error);
        outcome = new RegionResult(region.name().orElse(null), PackageStatus.FAILED, null, null,
            error, verdict.reason());
      }
      releases.add(release);
      outcomes.add(outcome);
      if (parts.namesRegions()) {
        results.region(outcome);
      }
    }
    return summary(results, outcomes, releases, archive);
  }

  /** One region's new release: store, publish, record, in that order. */
  private Release publishIn(RegionParts region, PackageJob job, ArchiveResult archive,
      Clock storeClock, String why, StepLog log) throws IOException {
    new RequireVersionsStep(region.store(), job).call();
    StoredObject stored = new StoreArchiveStep(region.store(), job, archive, storeClock,
        revision.commit(), parts.source().describe(), why, log).call();
    Optional<PublishedLayer> layer = new PublishLayerStep(region.publisher(), job, stored,
        archive, revision.commit(), log).call();
    return new RecordReleaseStep(region.registry(), job, stored, archive, layer, parts.source(),
        revision, parts.clock(), regionNames(), log).call();
  }

  /** The package's line: failed when a region failed, created when one made a release. */
  private PackageResult summary(Results results, List<RegionResult> outcomes,
      List<Release> releases, ArchiveResult archive) {
    List<RegionResult> failed = outcomes.stream()
        .filter(o -> o.status() == PackageStatus.FAILED).toList();
    if (!failed.isEmpty()) {
      String error = failed.stream()
          .map(o -> o.region() == null ? o.error() : o.region() + ": " + o.error())
          .collect(Collectors.joining("; "));
      return results.failed(FailureKind.ERROR, error);
    }
    Release home = releases.get(0);
    Optional<RegionResult> created = outcomes.stream()
        .filter(o -> o.status() == PackageStatus.CREATED).findFirst();
    if (created.isPresent()) {
      return results.created(archive, home, created.get().reason());
    }
    return results.unchanged(home, outcomes.get(0).reason());
  }

  /** What publishing would do, region by region, without writing anything. */
  private PackageResult plan(Results results, List<RegionParts> regions,
      List<RegionVerdict> verdicts, ArchiveResult archive, StepLog log) {
    for (int i = 0; i < regions.size(); i++) {
      RegionVerdict verdict = verdicts.get(i);
      PackageStatus status = switch (verdict.kind()) {
        case STANDS -> PackageStatus.UNCHANGED;
        case FAILED -> PackageStatus.FAILED;
        default -> PackageStatus.PLANNED;
      };
      log.in(regions.get(i)).info("compare", status.label() + ": " + verdict.reason());
      if (parts.namesRegions()) {
        results.region(new RegionResult(regions.get(i).name().orElse(null), status, null, null,
            status == PackageStatus.FAILED ? verdict.reason() : null, verdict.reason()));
      }
    }
    Optional<RegionVerdict> failed = verdicts.stream()
        .filter(v -> v.kind() == RegionVerdict.Kind.FAILED).findFirst();
    if (failed.isPresent()) {
      return results.failed(FailureKind.ERROR, failed.get().reason());
    }
    if (allStand(verdicts)) {
      return results.unchanged(verdicts.get(0).previous().orElseThrow(), verdicts.get(0).reason());
    }
    return results.planned(archive, verdicts.stream()
        .filter(v -> v.kind() != RegionVerdict.Kind.STANDS).findFirst().orElseThrow().reason());
  }

  private List<String> regionNames() {
    return parts.regions().stream().flatMap(r -> r.name().stream()).toList();
  }

  /**
   * The store clock that names later regions' objects like this release's: the same key in
   * every region, also when this region reused an object an interrupted run had stored.
   */
  private static Clock clockOf(Release release, Clock current) {
    String name = release.name();
    String stamp = name.substring(name.lastIndexOf('-') + 1);
    try {
      return Clock.fixed(StoreArchiveStep.RELEASE_TIME.parse(stamp, Instant::from), ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return current;
    }
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
