package io.layerkit.lambda;

import io.layerkit.app.RunRequests;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.pipeline.Builder;
import io.layerkit.pipeline.LayerPipeline;
import io.layerkit.pipeline.Mode;
import io.layerkit.pipeline.PackageResult;
import io.layerkit.pipeline.PipelineListener;
import io.layerkit.pipeline.Report;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One invocation's share of a package list, run through the same pipeline the command line runs:
 * the ref is resolved once, the packages run in order, and the invocation's {@link TimeBudget}
 * stops the run between two packages when its time runs short. Results are kept by each
 * package's index in the whole list, which is how a CodePipeline job's continuation names them.
 * With {@code RETAIN_VERSIONS} set, the published packages are pruned afterwards
 * ({@link RetentionAfterPublish}).
 */
final class PackageBatch {

  private final FunctionRuntime runtime;
  private final PipelineListener listener;
  private final Builder builder;

  PackageBatch(FunctionRuntime runtime, PipelineListener listener, Builder builder) {
    this.runtime = runtime;
    this.listener = listener;
    this.builder = builder;
  }

  /**
   * @param config the run's configuration, with the whole package list and the ref to pin
   * @param indexes which of its packages to run, in order
   */
  BatchResult run(LayerkitConfig config, List<Integer> indexes, TimeBudget budget) {
    LayerkitConfig share = config.withPackages(indexes.stream().map(config.packages()::get).toList());
    Report report;
    try (FunctionRuntime.Session session = runtime.open(share)) {
      report = new LayerPipeline(session.parts(), listener)
          .run(RunRequests.of(share, Mode.PUBLISH, budget, builder));
    }
    Map<Integer, PackageResult> results = new LinkedHashMap<>();
    for (int i = 0; i < report.packages().size(); i++) {
      results.put(indexes.get(i), report.packages().get(i));
    }
    return new BatchResult(report.commit(), results,
        indexes.subList(report.packages().size(), indexes.size()),
        new RetentionAfterPublish(runtime, listener).run(share, results.values(), budget));
  }
}
