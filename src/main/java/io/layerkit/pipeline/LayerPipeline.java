package io.layerkit.pipeline;

import io.layerkit.message.OneLine;
import io.layerkit.source.Revision;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs layerkit's pipeline over a {@link RunRequest}: resolve the ref once, then each package
 * through {@link PackageRunner}, in order, while the request's {@link Pace} leaves room for
 * another. One package failing never stops the others.
 */
public final class LayerPipeline {
  private final Parts parts;
  private final PipelineListener listener;

  public LayerPipeline(Parts parts, PipelineListener listener) {
    this.parts = parts;
    this.listener = listener;
  }

  /**
   * Runs every package of {@code request}.
   *
   * @throws IllegalArgumentException when the parts lack what the mode needs (a store and a
   *     registry beyond build, a publisher for packages that ask for a layer): the composition
   *     root opens them together with the request, so this is a programming error
   */
  public Report run(RunRequest request) {
    requireParts(request);
    Revision revision;
    try {
      revision = parts.source().resolve(request.ref());
    } catch (IOException | RuntimeException e) {
      return unresolved(request, OneLine.of(e));
    }
    if (revision.commit() != null) {
      listener.log(new LogEvent(LogEvent.Level.INFO, null, "resolve",
          request.ref().orElse("default branch") + " is commit " + revision.commit()));
    }

    // sweeps the folders of runs that died first
    WorkFolder work = WorkFolder.create(Path.of(System.getProperty("java.io.tmpdir")));
    Path workDir = work.path();
    // Ctrl-C or a CI time-out mid-run would otherwise leave a layer's worth of partial files
    Thread cleanup = new Thread(() -> WorkFolder.deleteRecursively(workDir), "layerkit-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      PackageRunner runner = new PackageRunner(parts, listener, request, revision, workDir);
      List<PackageJob> jobs = request.packages();
      List<PackageResult> results = new ArrayList<>();
      Duration slowest = Duration.ZERO;
      for (PackageJob job : jobs) {
        if (!results.isEmpty() && !request.pace().roomForAnother(slowest)) {
          break;
        }
        long start = System.nanoTime();
        results.add(runner.run(job));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        slowest = took.compareTo(slowest) > 0 ? took : slowest;
      }
      return new Report(revision.commit(), results, jobs.subList(results.size(), jobs.size()),
          parts.source().requestBudget().orElse(null));
    } finally {
      work.close();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down and runs the hook anyway
      }
    }
  }

  /** The ref did not resolve: every package fails with that one line, none is tried. */
  private Report unresolved(RunRequest request, String error) {
    listener.log(new LogEvent(LogEvent.Level.ERROR, null, "resolve", error));
    List<PackageResult> failed = request.packages().stream()
        .map(job -> PackageResult.failed(job.name(), job.path(), FailureKind.ERROR, error, 0,
            List.of()))
        .toList();
    failed.forEach(listener::packageFinished);
    return new Report(null, failed);
  }

  private void requireParts(RunRequest request) {
    if (request.mode() != Mode.BUILD && (parts.store().isEmpty() || parts.registry().isEmpty())) {
      throw new IllegalArgumentException(request.mode().name().toLowerCase(Locale.ROOT)
          + " needs a store and a registry");
    }
    if (request.mode() == Mode.PUBLISH && parts.publisher().isEmpty()
        && request.packages().stream().anyMatch(job -> job.layer().isPresent())) {
      throw new IllegalArgumentException("publishing a layer needs a layer publisher");
    }
  }
}
