package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.message.OneLine;
import io.layerkit.publish.PublishedLayer;
import io.layerkit.registry.Release;
import io.layerkit.source.Revision;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The steps of one package in each of its regions, once {@link ConfirmReleaseStep} has said what
 * each region needs: nothing, grants, or a new release (store, publish, record); and the
 * package's line from the regions' outcomes.
 */
final class RegionSteps {
  private final Parts parts;
  private final Revision revision;
  private final PackageJob job;
  private final Optional<String> signingProfile;
  private final String invocationId;
  private final Results results;
  private final StepLog log;

  /** @param invocationId the run's id, which names its signing jobs */
  RegionSteps(Parts parts, Revision revision, PackageJob job, Optional<String> signingProfile,
      String invocationId, Results results, StepLog log) {
    this.parts = parts;
    this.revision = revision;
    this.job = job;
    this.signingProfile = signingProfile;
    this.invocationId = invocationId;
    this.results = results;
    this.log = log;
  }

  /**
   * Does what each region needs, each on its own: one region failing neither stops nor undoes
   * another, and the package fails when any region did. The archive is built once for all of
   * them, and stored under one name: the first region's object name (a reused one included) is
   * every later region's (or the name a standing region's release already has).
   *
   * @param archive the package's zip, or {@code null} when no region needs one
   * @param evidence its SBOM and provenance, or {@code null} when no region needs a zip
   */
  PackageResult publish(List<RegionParts> regions, List<RegionVerdict> verdicts,
      ArchiveResult archive, PackageEvidence evidence) {
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
      Done done = inRegion(regions.get(i), verdicts.get(i), archive, evidence, storeClock);
      if (verdicts.get(i).kind() == RegionVerdict.Kind.REBUILD && done.release() != null) {
        storeClock = clockOf(done.release(), storeClock);
      }
      releases.add(done.release());
      outcomes.add(done.outcome());
      if (parts.namesRegions()) {
        results.region(done.outcome());
      }
    }
    return summary(outcomes, releases, archive);
  }

  /** How one region ended, and its release unless it failed. */
  private record Done(Release release, RegionResult outcome) {}

  private Done inRegion(RegionParts region, RegionVerdict verdict, ArchiveResult archive,
      PackageEvidence evidence, Clock storeClock) {
    StepLog regionLog = log.in(region);
    String name = region.name().orElse(null);
    if (verdict.kind() == RegionVerdict.Kind.FAILED) {
      regionLog.error("failed", verdict.reason());
      return new Done(null, failed(name, verdict.reason(), null));
    }
    try {
      Release release;
      if (verdict.kind() == RegionVerdict.Kind.STANDS) {
        regionLog.info("compare", "unchanged: " + verdict.reason());
        release = verdict.previous().orElseThrow();
      } else if (verdict.kind() == RegionVerdict.Kind.SHARE) {
        release = new ShareLayerStep(region, job, verdict, regionLog).call();
      } else {
        release = publishIn(region, archive, evidence, storeClock, verdict.reason(), regionLog);
      }
      PackageStatus status = verdict.kind() == RegionVerdict.Kind.REBUILD
          ? PackageStatus.CREATED : PackageStatus.UNCHANGED;
      return new Done(release, new RegionResult(name, status, release.key(),
          release.layerVersionArn(), null, verdict.reason()));
    } catch (IOException | RuntimeException e) {
      String error = OneLine.of(e);
      regionLog.error("failed", error);
      return new Done(null, failed(name, error, verdict.reason()));
    }
  }

  private static RegionResult failed(String region, String error, String reason) {
    return new RegionResult(region, PackageStatus.FAILED, null, null, error, reason);
  }

  /**
   * One region's new release, in this order: store the zip, code-sign it, store its SBOM and
   * provenance beside it, publish the layer version (from the signed copy when there is one),
   * record the release.
   */
  private Release publishIn(RegionParts region, ArchiveResult archive, PackageEvidence evidence,
      Clock storeClock, String why, StepLog log) throws IOException {
    new RequireVersionsStep(region.store(), job, signingProfile.isPresent()).call();
    StoredObject stored = new StoreArchiveStep(region.store(), job, archive, storeClock,
        revision.commit(), parts.source().describe(), why, log).call();
    Optional<SignedArchive> signed = new SignArchiveStep(region.signer(), region.store(), stored,
        signingProfile, invocationId, log).call();
    StoredObject sbom = new StoreSbomStep(region.store(), stored, evidence, archive.files(), log)
        .call();
    Evidence written = new StoreProvenanceStep(region.store(), stored, sbom, evidence, log)
        .call();
    Optional<PublishedLayer> layer = new PublishLayerStep(region.publisher(), job,
        signed.map(SignedArchive::object).orElse(stored), archive, revision.commit(), log).call();
    return new RecordReleaseStep(region.registry(), job, stored, archive, layer, parts.source(),
        revision, parts.clock(), regionNames(), written, signed, parts.archiver().timestamp(),
        log).call();
  }

  /** The package's line: failed when a region failed, created when one made a release. */
  private PackageResult summary(List<RegionResult> outcomes,
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
  PackageResult plan(List<RegionParts> regions, List<RegionVerdict> verdicts,
      ArchiveResult archive) {
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
    if (verdicts.stream().allMatch(v -> v.kind() == RegionVerdict.Kind.STANDS)) {
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
}
