package io.layerkit.lambda;

import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import io.layerkit.pipeline.FailureKind;
import io.layerkit.pipeline.LayerPipeline;
import io.layerkit.pipeline.Mode;
import io.layerkit.pipeline.PackageResult;
import io.layerkit.pipeline.PackageStatus;
import io.layerkit.pipeline.Parts;
import io.layerkit.pipeline.PipelineListener;
import io.layerkit.pipeline.Report;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the publish pipeline package by package, so that the invocation can stop between two
 * packages when its time runs short. The first package resolves the ref; every later one is
 * built from the commit that gave, so one invocation (and its continuations) never mixes commits.
 */
public final class PackageBatch {

  private final Parts parts;
  private final PipelineListener listener;
  private final LambdaEnvironment environment;
  private final Path workDir;

  public PackageBatch(Parts parts, PipelineListener listener, LambdaEnvironment environment,
      Path workDir) {
    this.parts = parts;
    this.listener = listener;
    this.environment = environment;
    this.workDir = workDir;
  }

  /**
   * @param paths the job's whole package folder list
   * @param indexes which of them to run, in order
   * @param ref branch, tag or commit for the first package
   */
  public BatchResult run(List<String> paths, List<Integer> indexes, String ref, TimeBudget budget) {
    LayerPipeline pipeline = new LayerPipeline(parts, listener);
    Map<Integer, PackageResult> results = new LinkedHashMap<>();
    List<Integer> notStarted = new ArrayList<>();
    String pinned = ref;
    String commit = null;
    Duration slowest = Duration.ZERO;
    for (int i = 0; i < indexes.size(); i++) {
      int index = indexes.get(i);
      if (i > 0 && !budget.roomFor(slowest)) {
        notStarted.addAll(indexes.subList(i, indexes.size()));
        break;
      }
      long start = System.nanoTime();
      Report report = pipeline.run(Mode.PUBLISH, config(paths.get(index), pinned));
      PackageResult result = report.packages().get(0);
      results.put(index, result);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      if (took.compareTo(slowest) > 0) {
        slowest = took;
      }
      if (report.commit() != null) {
        commit = report.commit();
        pinned = commit;
      } else if (result.status() == PackageStatus.FAILED && commit == null) {
        // The ref did not resolve: every other package would fail the same way, request by request.
        for (int rest : indexes.subList(i + 1, indexes.size())) {
          PackageSpec spec = PackageSpec.ofPath(paths.get(rest));
          results.put(rest, PackageResult.failed(spec.name(), spec.path(), FailureKind.ERROR,
              result.error(), 0, List.of()));
        }
        break;
      }
    }
    return new BatchResult(commit, results, notStarted);
  }

  private LayerkitConfig config(String path, String ref) {
    return environment.toConfig(List.of(PackageSpec.ofPath(path)), ref, workDir);
  }
}
