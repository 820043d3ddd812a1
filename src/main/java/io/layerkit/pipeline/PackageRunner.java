package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.archive.Validation;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import io.layerkit.publish.PublishedLayer;
import io.layerkit.registry.Release;
import io.layerkit.source.Freshness;
import io.layerkit.source.Revision;
import io.layerkit.store.StoredObject;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.UnsafePathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs the steps for one package in their one order:
 * freshness -> list -> validate -> archive -> validate -> compare -> store -> publish -> record.
 * Nothing else knows the order, and steps never call each other.
 *
 * <p>Safety rule: the registry is written last, only after the store confirmed the object and
 * the layer version exists, so a failure at any step leaves the previous release current.
 */
final class PackageRunner {
  static final DateTimeFormatter RELEASE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Parts parts;
  private final PipelineListener listener;
  private final Mode mode;
  private final LayerkitConfig config;
  private final Revision revision;
  private final Path workDir;

  PackageRunner(Parts parts, PipelineListener listener, Mode mode, LayerkitConfig config,
      Revision revision, Path workDir) {
    this.parts = parts;
    this.listener = listener;
    this.mode = mode;
    this.config = config;
    this.revision = revision;
    this.workDir = workDir;
  }

  PackageResult run(PackageSpec job) {
    long requestsBefore = parts.source().requestCount();
    List<String> warnings = new ArrayList<>();
    PackageResult result;
    try {
      result = runSteps(job, warnings, requestsBefore);
    } catch (UnsafePathException e) {
      result = failed(job, FailureKind.VALIDATION, e, warnings, requestsBefore);
    } catch (IOException | RuntimeException e) {
      result = failed(job, FailureKind.ERROR, e, warnings, requestsBefore);
    }
    discardWorkCopy(job);
    listener.packageFinished(result);
    return result;
  }

  /**
   * Once stored (or planned, or failed) a package's zip is not needed: removed now, not at the end
   * of the run, so a run's disk use is one layer, not all of them (Lambda's /tmp is small).
   */
  private void discardWorkCopy(PackageSpec job) {
    if (mode == Mode.BUILD) {
      return;
    }
    try {
      Files.deleteIfExists(zipOf(job));
    } catch (IOException e) {
      log(LogEvent.Level.WARN, job, "cleanup",
          "cannot remove " + zipOf(job) + ": " + OneLine.of(e));
    }
  }

  private Path zipOf(PackageSpec job) {
    return (mode == Mode.BUILD ? config.outDir() : workDir).resolve(job.name() + ".zip");
  }

  private PackageResult runSteps(PackageSpec job, List<String> warnings, long requestsBefore)
      throws IOException {
    Optional<Release> previous = mode == Mode.BUILD
        ? Optional.empty()
        : parts.registry().orElseThrow().current(job.name());
    boolean needsLayer = mode != Mode.BUILD && config.publish().publishLayer();

    if (previous.isPresent() && !config.force() && hasWhatIsAsked(previous.get(), needsLayer)) {
      Freshness freshness = new CheckFreshnessStep(parts.source(), revision, job, previous.get()).call();
      log(LogEvent.Level.DEBUG, job, "compare", freshness.reason());
      if (freshness.verdict() == Freshness.Verdict.SAME) {
        return unchanged(job, previous.get(), freshness.reason(), warnings, requestsBefore);
      }
    }

    log(LogEvent.Level.INFO, job, "list", "listing " + job.path());
    PackageTree tree = parts.source().list(revision, job.path());
    Validation treeCheck = parts.validator().checkTree(tree);
    warnings.addAll(treeCheck.warnings());
    if (treeCheck.hasErrors()) {
      return validationFailed(job, treeCheck, warnings, requestsBefore);
    }

    Path zip = zipOf(job);
    log(LogEvent.Level.INFO, job, "fetch",
        "fetching " + tree.fileCount() + " files, " + tree.unzippedSize() + " bytes");
    ArchiveResult archive = new BuildArchiveStep(parts.source(), parts.archiver(), revision, job,
        tree, zip, listener).call();
    Validation zipCheck = parts.validator().checkArchive(archive);
    warnings.addAll(zipCheck.warnings());
    if (zipCheck.hasErrors()) {
      Files.deleteIfExists(zip);
      return validationFailed(job, zipCheck, warnings, requestsBefore);
    }
    warnings.forEach(w -> log(LogEvent.Level.WARN, job, "validate", w));

    if (mode == Mode.BUILD) {
      return result(job, PackageStatus.BUILT, archive, zip.toString(), null, null, warnings,
          requestsBefore);
    }

    Optional<String> sameContent = previous
        .filter(p -> !config.force())
        .filter(p -> archive.contentDigest().equals(p.contentDigest()))
        .filter(p -> hasWhatIsAsked(p, needsLayer))
        .map(p -> "content digest unchanged since " + p.name());
    if (sameContent.isPresent()) {
      return unchanged(job, previous.get(), sameContent.get(), warnings, requestsBefore);
    }
    String why = whyChanged(previous, archive, needsLayer);
    if (mode == Mode.PLAN) {
      return result(job, PackageStatus.PLANNED, archive, null, null, why, warnings, requestsBefore);
    }

    String newName = job.name() + "-" + RELEASE_TIME.format(parts.clock().instant());
    log(LogEvent.Level.INFO, job, "store", "storing " + newName + ".zip (" + why + ")");
    StoredObject stored = new StoreArchiveStep(parts.store().orElseThrow(), job, archive,
        newName, revision.commit(), parts.source().describe()).call();
    // A reused object keeps its name: readers of the original function's value turn the recorded
    // name into the zip's key, so it must be the stored object's.
    String releaseName = releaseNameOf(stored.key());

    String layerVersionArn = null;
    if (needsLayer) {
      log(LogEvent.Level.INFO, job, "publish", "publishing layer version of " + stored.key());
      PublishedLayer layer = new PublishLayerStep(parts.publisher().orElseThrow(), job, stored,
          archive, revision.commit()).call();
      layerVersionArn = layer.layerVersionArn();
    }

    Release release = new Release(job.name(), releaseName, stored.key(), stored.location(),
        archive.sha256(), archive.contentDigest(), archive.size(), archive.files(),
        archive.unzippedSize(), revision.commit(), parts.source().describe(), job.path(),
        parts.source().fingerprint(revision, job.path()).orElse(null), parts.clock().instant(),
        layerVersionArn);
    parts.registry().orElseThrow().record(release);
    log(LogEvent.Level.INFO, job, "record", "recorded " + releaseName);
    return result(job, PackageStatus.CREATED, archive, stored.key(), layerVersionArn, why,
        warnings, requestsBefore);
  }

  /** {@code <package>-<timestamp>} of a key {@code <prefix><package>/<package>-<timestamp>.zip}. */
  private static String releaseNameOf(String key) {
    String file = key.substring(key.lastIndexOf('/') + 1);
    return file.endsWith(".zip") ? file.substring(0, file.length() - ".zip".length()) : file;
  }

  /** A previous release only counts as current if it has the layer version this run asks for. */
  private static boolean hasWhatIsAsked(Release previous, boolean needsLayer) {
    return !needsLayer || previous.layerVersionArn() != null;
  }

  private String whyChanged(Optional<Release> previous, ArchiveResult archive, boolean needsLayer) {
    if (previous.isEmpty()) {
      return "no release recorded yet";
    }
    if (config.force()) {
      return "--force";
    }
    if (!archive.contentDigest().equals(previous.get().contentDigest())) {
      return "content changed since " + previous.get().name();
    }
    return "no layer version published yet";
  }

  private PackageResult unchanged(PackageSpec job, Release previous, String reason,
      List<String> warnings, long requestsBefore) {
    log(LogEvent.Level.INFO, job, "compare", "unchanged: " + reason);
    return new PackageResult(job.name(), job.path(), PackageStatus.UNCHANGED,
        previous.sha256(), previous.size(), previous.files(), previous.unzippedSize(),
        previous.key(), previous.layerVersionArn(), null, null, reason,
        requests(requestsBefore), warnings, previous.contentDigest());
  }

  private PackageResult result(PackageSpec job, PackageStatus status, ArchiveResult archive,
      String key, String layerVersionArn, String reason, List<String> warnings,
      long requestsBefore) {
    return new PackageResult(job.name(), job.path(), status, archive.sha256(), archive.size(),
        archive.files(), archive.unzippedSize(), key, layerVersionArn, null, null, reason,
        requests(requestsBefore), warnings, archive.contentDigest());
  }

  private PackageResult validationFailed(PackageSpec job, Validation validation,
      List<String> warnings, long requestsBefore) {
    String error = String.join("; ", validation.errors());
    log(LogEvent.Level.ERROR, job, "validate", error);
    return PackageResult.failed(job.name(), job.path(), FailureKind.VALIDATION, error,
        requests(requestsBefore), warnings);
  }

  private PackageResult failed(PackageSpec job, FailureKind kind, Exception e,
      List<String> warnings, long requestsBefore) {
    String error = OneLine.of(e);
    log(LogEvent.Level.ERROR, job, "failed", error);
    return PackageResult.failed(job.name(), job.path(), kind, error, requests(requestsBefore),
        warnings);
  }

  private long requests(long before) {
    return parts.source().requestCount() - before;
  }

  private void log(LogEvent.Level level, PackageSpec job, String step, String message) {
    listener.log(new LogEvent(level, job.name(), step, message));
  }
}
