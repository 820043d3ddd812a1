package io.layerkit.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import io.layerkit.config.Setting;
import io.layerkit.pipeline.Builder;
import io.layerkit.pipeline.FailureKind;
import io.layerkit.pipeline.LogEvent;
import io.layerkit.pipeline.PackageResult;
import io.layerkit.pipeline.PackageStatus;
import io.layerkit.pipeline.Report;
import io.layerkit.pipeline.ReportJson;
import io.layerkit.retention.PruneResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * One invocation for an EventBridge event or a direct invocation: builds every package once and
 * returns the report. A pipeline execution is built at the commit the pipeline runs with, and
 * only once however often EventBridge delivers its STARTED event. Packages that find no time
 * left are reported as failed, never started half-way; for a pipeline execution the invocation
 * then fails, so that Lambda's retry builds them.
 */
final class EventRun {

  private final FunctionRuntime runtime;
  private final JsonLog log;
  private final String requestId;
  private final TimeBudget budget;
  private final Builder builder;

  /** @param builder this invocation as provenance names it: the function's ARN, the request id */
  EventRun(FunctionRuntime runtime, JsonLog log, String requestId, TimeBudget budget,
      Builder builder) {
    this.runtime = runtime;
    this.log = log;
    this.requestId = requestId;
    this.budget = budget;
    this.builder = builder;
  }

  ObjectNode pipelineStarted(LambdaEvent.PipelineExecutionStarted event) throws IOException {
    LambdaEnvironment environment = runtime.environment();
    ExecutionLedger ledger = runtime.ledger(environment);
    ExecutionLedger.Claim claim = ledger.claim(event.pipeline(), event.executionId(), requestId,
        budget.remaining());
    if (!(claim instanceof ExecutionLedger.Claim.Acquired acquired)) {
      String holder = claim instanceof ExecutionLedger.Claim.AlreadyDone done
          ? "already handled by request " + done.requestId()
          : "being handled by request " + ((ExecutionLedger.Claim.InProgress) claim).requestId();
      log.info("event", "pipeline " + event.pipeline() + " execution " + event.executionId()
          + " is " + holder + ": nothing to do");
      ObjectNode response = ReportJson.toTree(new Report(null, List.of()));
      response.put("duplicate", true);
      return response;
    }
    Built built;
    try {
      built = build(commitOf(event, runtime, log));
      if (built.notStarted() == 0) {
        if (!ledger.complete(acquired, event.pipeline(), event.executionId(), requestId)) {
          log.warn("event", "pipeline " + event.pipeline() + " execution " + event.executionId()
              + " was taken over by another invocation while this one ran; its record is kept");
        }
        return built.response();
      }
    } catch (IOException e) {
      throw ledger.releaseAfter(acquired, event.pipeline(), event.executionId(), requestId, e);
    } catch (RuntimeException e) {
      throw ledger.releaseAfter(acquired, event.pipeline(), event.executionId(), requestId, e);
    }
    // Nobody reads an asynchronous invocation's response: only a failed invocation gets the
    // rest built. Lambda retries it, the retry claims the execution again, finds the packages
    // built so far unchanged at the same commit and goes on with the others.
    throw ledger.releaseAfter(acquired, event.pipeline(), event.executionId(), requestId,
        new LayerkitFunctionException(built.notStarted() + " of "
            + built.report().packages().size() + " packages of pipeline " + event.pipeline()
            + " execution " + event.executionId() + " did not fit in this invocation: Lambda's"
            + " retry builds them (raise the function's timeout if this recurs)", null));
  }

  /**
   * The commit the pipeline execution runs with, as the ref override of its build; none (the
   * branch head, with a warning) when the pipeline has no Git source.
   */
  static ConfigOverrides commitOf(LambdaEvent.PipelineExecutionStarted event,
      FunctionRuntime runtime, JsonLog log) {
    LambdaEnvironment environment = runtime.environment();
    Optional<String> commit = runtime.pipelineCommits().commitOf(event.pipeline(),
        event.executionId(), environment.workspace(), environment.repository());
    if (commit.isPresent()) {
      log.info("resolve", "pipeline " + event.pipeline() + " execution " + event.executionId()
          + " runs commit " + commit.get());
    } else {
      log.warn("resolve", "pipeline " + event.pipeline() + " execution " + event.executionId()
          + " has no Git source revision; building the head of " + environment.branch());
    }
    return commit.map(c -> ConfigOverrides.none().with(Setting.REF,
        "pipeline " + event.pipeline() + "'s commit", c)).orElse(ConfigOverrides.none());
  }

  ObjectNode scheduled(LambdaEvent.Scheduled event) throws IOException {
    return build(ConfigOverrides.none()).response();
  }

  ObjectNode direct(LambdaEvent.DirectInvocation event) throws IOException {
    return build(event.override().overrides()).response();
  }

  /** The report of one invocation, and how many of its packages found no time to start. */
  private record Built(Report report, int notStarted, List<PruneResult> retention) {
    ObjectNode response() {
      return RetentionAfterPublish.withRetention(ReportJson.toTree(report), retention);
    }
  }

  /** Every package of the configuration {@code event} gives over the variables. */
  private Built build(ConfigOverrides event) throws IOException {
    LayerkitConfig config = runtime.config(event);
    List<PackageSpec> packages = config.packages();
    BatchResult batch = new PackageBatch(runtime, log, builder)
        .run(config, IntStream.range(0, packages.size()).boxed().toList(), budget);
    List<PackageResult> results = new ArrayList<>(batch.results().values());
    for (int index : batch.notStarted()) {
      PackageSpec spec = packages.get(index);
      String error = "not started: the invocation ran out of time after "
          + batch.results().size() + " packages; raise the function's timeout or split "
          + LambdaEnvironment.PACKAGE_PATHS;
      log.write(LogEvent.Level.ERROR, spec.name(), "schedule", error);
      results.add(PackageResult.failed(spec.name(), spec.path(), FailureKind.ERROR, error, 0,
          List.of()));
    }
    Report report = new Report(batch.commit(), results);
    summarize(report);
    return new Built(report, batch.notStarted().size(), batch.retention());
  }

  private void summarize(Report report) {
    long failed = report.packages().stream()
        .filter(p -> p.status() == PackageStatus.FAILED).count();
    String line = report.packages().size() + " packages at commit " + report.commit() + ": "
        + (failed == 0 ? "all done" : failed + " failed");
    if (failed == 0) {
      log.info("summary", line);
    } else {
      log.error("summary", line);
    }
  }
}
