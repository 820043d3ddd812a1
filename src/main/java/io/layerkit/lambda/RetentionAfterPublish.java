package io.layerkit.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.app.Components;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.message.OneLine;
import io.layerkit.pipeline.LogEvent.Level;
import io.layerkit.pipeline.LogEvent;
import io.layerkit.pipeline.PackageResult;
import io.layerkit.pipeline.PackageStatus;
import io.layerkit.pipeline.PipelineListener;
import io.layerkit.retention.PruneReport;
import io.layerkit.retention.PruneResult;
import io.layerkit.retention.Pruner;
import io.layerkit.retention.RetentionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The function's retention ({@code RETAIN_VERSIONS=N}): after the packages are published, each
 * package that has a layer version now (created or unchanged) is pruned with {@code --keep N
 * --apply}, exactly as {@code layerkit prune} would, in each of the function's regions.
 *
 * <p>A publish that succeeded stays a success when pruning fails: the release is recorded and the
 * layer version exists, and retention is housekeeping that the next run tries again. The failure
 * is never silent: it is an ERROR log line for the package (which a metric filter on
 * {@code $.level = "ERROR"} alarms on) and an entry with its {@code error} in the response's
 * {@code retention} list; a CodePipeline job's summary names it too. Pruning starts only while
 * the invocation has time for it; a package it skips is pruned by the next run.
 */
final class RetentionAfterPublish {
  /** What one package's pruning may take at most, as the time budget reckons it. */
  static final Duration ALLOWANCE = Duration.ofSeconds(20);

  private final FunctionRuntime runtime;
  private final PipelineListener log;

  RetentionAfterPublish(FunctionRuntime runtime, PipelineListener log) {
    this.runtime = runtime;
    this.log = log;
  }

  List<PruneResult> run(LayerkitConfig config, Collection<PackageResult> published,
      TimeBudget budget) {
    Optional<Integer> keep = runtime.environment().retainVersions();
    List<PackageResult> layers = published.stream()
        .filter(p -> p.status() != PackageStatus.FAILED && p.layerVersionArn() != null)
        .toList();
    if (keep.isEmpty() || layers.isEmpty()) {
      return List.of();
    }
    RetentionPolicy policy = RetentionPolicy.keepNewest(keep.get());
    List<PruneResult> results = new ArrayList<>();
    try (Components.RetentionHandle retention = runtime.openRetention(config)) {
      for (Pruner pruner : retention.pruners()) { // one per region
        for (PackageResult layer : layers) {
          if (!budget.roomForAnother(ALLOWANCE)) {
            log.log(new LogEvent(Level.WARN, layer.packageName(), "retention",
                "not pruned: too little time left in this invocation; the next run prunes it"));
            continue;
          }
          PruneResult result = pruner.prune(layer.packageName(), policy, true);
          results.add(result);
          report(result);
        }
      }
    } catch (RuntimeException e) {
      log.log(new LogEvent(Level.ERROR, null, "retention", "pruning failed: "
          + OneLine.of(e) + "; the publish stands"));
    }
    return results;
  }

  /**
   * {@code response} with a {@code retention} list (one entry per pruned package, as
   * {@code layerkit prune --json} has them) when anything was pruned.
   */
  static ObjectNode withRetention(ObjectNode response, List<PruneResult> retention) {
    if (!retention.isEmpty()) {
      ArrayNode pruned = response.putArray("retention");
      retention.forEach(result -> pruned.add(PruneReport.packageNode(result)));
    }
    return response;
  }

  private void report(PruneResult result) {
    if (result.ok()) {
      log.log(new LogEvent(Level.INFO, result.packageName(), "retention",
          PruneReport.lines(result).get(0)));
    } else {
      log.log(new LogEvent(Level.ERROR, result.packageName(), "retention", "pruning in "
          + result.region() + " failed: " + result.error() + "; the publish stands"));
    }
  }
}
