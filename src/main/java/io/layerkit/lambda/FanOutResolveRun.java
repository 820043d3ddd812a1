package io.layerkit.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import io.layerkit.registry.Release;
import io.layerkit.registry.ReleaseRegistry;
import io.layerkit.source.Freshness;
import io.layerkit.source.PackageSource;
import io.layerkit.source.PreviousBuild;
import io.layerkit.source.RequestBudget;
import io.layerkit.source.RequestEstimate;
import io.layerkit.source.Revision;
import io.layerkit.source.SourceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The fan-out's resolve task: pins the ref to one commit, once for the whole run, and lists the
 * (package, region) items every later task builds at that commit, as many as the Bitbucket budget
 * allows ({@link FanOutPlan}). A pipeline execution's STARTED event is claimed in the execution
 * ledger here, as the function claims it when it builds alone: EventBridge may start the state
 * machine twice for one execution, and the second resolve then lists no items.
 *
 * <p>Answers {@code {"commit", "items": [{"commit", "package", "path", "region"}],
 * "maxConcurrency", "deferred": [{"package", "region", "requests"}], "estimatedRequests",
 * "budget", "duplicate"}}.
 */
final class FanOutResolveRun {

  private final FunctionRuntime runtime;
  private final JsonLog log;
  private final String requestId;
  private final TimeBudget budget;

  FanOutResolveRun(FunctionRuntime runtime, JsonLog log, String requestId, TimeBudget budget) {
    this.runtime = runtime;
    this.log = log;
    this.requestId = requestId;
    this.budget = budget;
  }

  ObjectNode handle(LambdaEvent.FanOutResolve event) throws IOException {
    if (event.input() instanceof LambdaEvent.PipelineExecutionStarted started) {
      return pipelineStarted(started, event.maxConcurrency());
    }
    ConfigOverrides overrides = event.input() instanceof LambdaEvent.DirectInvocation direct
        ? direct.override().overrides() : ConfigOverrides.none();
    return plan(overrides, event.maxConcurrency());
  }

  private ObjectNode pipelineStarted(LambdaEvent.PipelineExecutionStarted event,
      int maxConcurrency) throws IOException {
    ExecutionLedger ledger = runtime.ledger(runtime.environment());
    ExecutionLedger.Claim claim = ledger.claim(event.pipeline(), event.executionId(), requestId,
        budget.remaining());
    if (!(claim instanceof ExecutionLedger.Claim.Acquired acquired)) {
      log.info("event", "pipeline " + event.pipeline() + " execution " + event.executionId()
          + " is already handled by another execution of the state machine: no items");
      ObjectNode none = answer(null, new FanOutPlan(List.of(), List.of(), 1, 1, 0),
          Optional.empty());
      none.put("duplicate", true);
      return none;
    }
    ObjectNode answer;
    try {
      answer = plan(EventRun.commitOf(event, runtime, log), maxConcurrency);
    } catch (IOException e) {
      throw ledger.releaseAfter(acquired, event.pipeline(), event.executionId(), requestId, e);
    } catch (RuntimeException e) {
      throw ledger.releaseAfter(acquired, event.pipeline(), event.executionId(), requestId, e);
    }
    // From here the state machine owns the run: its retries and catches, not another delivery.
    ledger.complete(acquired, event.pipeline(), event.executionId(), requestId);
    return answer;
  }

  private ObjectNode plan(ConfigOverrides overrides, int maxConcurrency) throws IOException {
    LayerkitConfig config = runtime.config(overrides);
    List<String> regions = FanOutRegions.of(runtime.variables(), runtime.ownRegion());
    try (FunctionRuntime.Session session = runtime.open(config)) {
      PackageSource source = session.parts().source();
      Revision revision = source.resolve(config.source().ref());
      if (revision.commit() == null) {
        throw new SourceException(source.describe() + " has no commits to pin: the fan-out "
            + "needs a Git source");
      }
      ReleaseRegistry registry = session.parts().registry().orElseThrow();
      List<FanOutPlan.PackageCost> costs = new ArrayList<>();
      for (PackageSpec spec : config.packages()) {
        costs.add(cost(source, registry, revision, spec));
      }
      Optional<RequestBudget> left = source.requestBudget();
      FanOutPlan plan = FanOutPlan.of(costs, regions,
          left.map(b -> OptionalLong.of(b.remainingAtMost())).orElse(OptionalLong.empty()),
          maxConcurrency, config.archive().concurrency());
      describe(revision.commit(), plan, left, regions.size() * costs.size());
      ObjectNode answer = answer(revision.commit(), plan, left);
      if (plan.fetchConcurrency() < config.archive().concurrency()) {
        answer.withArray("items").forEach(
            item -> ((ObjectNode) item).put("concurrency", plan.fetchConcurrency()));
      }
      return answer;
    }
  }

  /** What one item of the package costs, judged against the home region's release. */
  private FanOutPlan.PackageCost cost(PackageSource source, ReleaseRegistry registry,
      Revision revision, PackageSpec spec) throws IOException {
    Optional<Release> release = registry.current(spec.name());
    if (release.isEmpty()) {
      return new FanOutPlan.PackageCost(spec.name(), spec.path(), OptionalLong.empty());
    }
    Release previous = release.get();
    Freshness freshness;
    try {
      freshness = source.freshness(revision, spec.path(), new PreviousBuild(previous.source(),
          previous.packagePath(), Optional.ofNullable(previous.commit()),
          Optional.ofNullable(previous.fingerprint())));
    } catch (IOException e) {
      freshness = Freshness.unknown("the diffstat failed: " + AwsErrorLine.of(e));
    }
    if (freshness.verdict() == Freshness.Verdict.SAME) {
      return new FanOutPlan.PackageCost(spec.name(), spec.path(), OptionalLong.of(0));
    }
    long fetch = source.estimateRequests(revision, spec.path(), OptionalInt.of(previous.files()))
        .map(RequestEstimate::total).orElse(0L);
    return new FanOutPlan.PackageCost(spec.name(), spec.path(), OptionalLong.of(fetch));
  }

  private void describe(String commit, FanOutPlan plan, Optional<RequestBudget> left, int all) {
    String line = all + " items at commit " + commit + ": " + plan.items().size() + " now, "
        + plan.maxConcurrency() + " at a time with " + plan.fetchConcurrency() + " fetches each, "
        + "about " + plan.estimatedRequests() + " Bitbucket requests"
        + left.map(b -> " of at most " + b.remainingAtMost() + " left this hour").orElse("");
    if (plan.deferred().isEmpty()) {
      log.info("plan", line);
    } else {
      log.warn("plan", line + "; " + plan.deferred().size() + " deferred to a later run");
    }
  }

  private ObjectNode answer(String commit, FanOutPlan plan, Optional<RequestBudget> left) {
    ObjectNode answer = runtime.json().createObjectNode();
    answer.put("commit", commit);
    ArrayNode items = answer.putArray("items");
    for (FanOutPlan.Item item : plan.items()) {
      items.addObject().put("commit", commit).put("package", item.packageName())
          .put("path", item.path()).put("region", item.region());
    }
    answer.put("maxConcurrency", plan.maxConcurrency());
    ArrayNode deferred = answer.putArray("deferred");
    for (FanOutPlan.Item item : plan.deferred()) {
      deferred.addObject().put("package", item.packageName()).put("region", item.region())
          .put("requests", item.requests());
    }
    answer.put("estimatedRequests", plan.estimatedRequests());
    if (left.isPresent()) {
      answer.putObject("budget").put("hourlyLimit", left.get().hourlyLimit())
          .put("remainingAtMost", left.get().remainingAtMost())
          .put("nearLimit", left.get().nearLimit());
    } else {
      answer.putNull("budget");
    }
    answer.put("duplicate", false);
    return answer;
  }
}
