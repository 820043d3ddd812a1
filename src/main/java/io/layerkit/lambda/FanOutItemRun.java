package io.layerkit.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.config.ConfigException;
import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import io.layerkit.config.Setting;
import io.layerkit.pipeline.Builder;
import io.layerkit.pipeline.PackageResult;
import io.layerkit.pipeline.Report;
import io.layerkit.pipeline.ReportJson;
import java.util.List;

/**
 * One item of the fan-out: one package, in one region, at the commit the resolve task pinned.
 * It goes through the same configuration path and the same pipeline as every other run; the
 * item only overrides the package list, the ref (with the full commit id, which the source checks
 * but never resolves from a branch again) and the region. Answers the package's line of the
 * report with {@code "region"} and {@code "commit"} beside it: small, for the Map state to
 * collect. A package that fails is an answer too ({@code "status": "failed"}); only an
 * invocation that cannot run at all fails, which the state machine catches.
 */
final class FanOutItemRun {

  private final FunctionRuntime runtime;
  private final JsonLog log;
  private final TimeBudget budget;
  private final Builder builder;

  /** @param builder this invocation, as the provenance of what the item stores names it */
  FanOutItemRun(FunctionRuntime runtime, JsonLog log, TimeBudget budget, Builder builder) {
    this.runtime = runtime;
    this.log = log;
    this.budget = budget;
    this.builder = builder;
  }

  ObjectNode handle(LambdaEvent.FanOutItem item) {
    String entry = item.packageName() + "=" + item.path().orElseGet(() -> folderOf(item));
    ConfigOverrides overrides = ConfigOverrides.none()
        .with(Setting.PACKAGES, "the fan-out item's \"package\"", List.of(entry))
        .with(Setting.REF, "the fan-out item's \"commit\"", item.commit());
    if (item.concurrency().isPresent()) {
      overrides = overrides.with(Setting.CONCURRENCY, "the fan-out item's \"concurrency\"",
          item.concurrency().getAsInt());
    }
    LayerkitConfig config = runtime.config(FanOutRegions.itemRegion(item.region()).over(overrides));
    BatchResult batch = new PackageBatch(runtime, log, builder).run(config, List.of(0), budget);
    // the first package of a run always starts, so the one package has its result
    PackageResult result = batch.results().get(0);
    ObjectNode answer = (ObjectNode) ReportJson.toTree(new Report(batch.commit(), List.of(result)))
        .withArray("packages").get(0);
    answer.put("region", item.region());
    answer.put("commit", item.commit());
    return answer;
  }

  /** The folder {@code PACKAGE_PATHS} gives the item's package, for items that name none. */
  private String folderOf(LambdaEvent.FanOutItem item) {
    return runtime.config(ConfigOverrides.none()).packages().stream()
        .filter(spec -> spec.name().equals(item.packageName()))
        .map(PackageSpec::path)
        .findFirst()
        .orElseThrow(() -> new ConfigException("the fan-out item's package '" + item.packageName()
            + "' is not in " + LambdaEnvironment.PACKAGE_PATHS + ": give its \"path\" too"));
  }
}
