package io.layerkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.app.Components;
import io.layerkit.config.ConfigException;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import io.layerkit.config.Setting;
import io.layerkit.pipeline.Builder;
import io.layerkit.pipeline.PackageResult;
import io.layerkit.pipeline.Report;
import io.layerkit.pipeline.ReportJson;
import io.layerkit.registry.Release;
import io.layerkit.registry.ReleaseRegistry;
import io.layerkit.source.Secret;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.codepipeline.model.FailureType;

/**
 * One invocation for a CodePipeline job: builds the job's packages (or the rest of them, when
 * CodePipeline hands back a continuation token) and ends with exactly one of PutJobSuccessResult
 * (done, with output variables), PutJobSuccessResult with a continuation token (time ran short)
 * or PutJobFailureResult. Every failure is caught and reported, including a bad configuration
 * or bad {@code UserParameters}, an {@link Error}, and a package that outruns the invocation
 * (see {@link JobDeadline}): a job that hears nothing hangs until CodePipeline's timeout. The
 * job is ended once ({@link JobOutcome}), whichever of these gets there first.
 */
final class CodePipelineJobRun {

  private final FunctionRuntime runtime;
  private final JsonLog log;
  private final String requestId;
  private final TimeBudget budget;
  private final Builder builder;

  /** @param builder this invocation as provenance names it: the function's ARN, the request id */
  CodePipelineJobRun(FunctionRuntime runtime, JsonLog log, String requestId, TimeBudget budget,
      Builder builder) {
    this.runtime = runtime;
    this.log = log;
    this.requestId = requestId;
    this.budget = budget;
    this.builder = builder;
  }

  /** The response: the report of this invocation plus the job's outcome. */
  ObjectNode handle(LambdaEvent.CodePipelineJob job) {
    JobOutcome outcome = new JobOutcome(runtime.jobs(), job.jobId(), requestId, log);
    try (JobDeadline deadline = JobDeadline.watch(budget, () -> outOfTime(job, outcome))) {
      return run(job, outcome);
    } catch (RuntimeException | IOException | Error e) {
      // Errors too (out of memory, a class that fails to load): the job must hear an outcome
      return failed(job, outcome, e);
    }
  }

  private ObjectNode failed(LambdaEvent.CodePipelineJob job, JobOutcome outcome, Throwable e) {
    String line = AwsErrorLine.of(e);
    if (e instanceof Error && e.getMessage() != null) {
      line = e.getClass().getSimpleName() + ": " + line;
    }
    String message = FailureMessage.of(line, secrets());
    if (outcome.reported().isPresent()) {
      log.error("codepipeline", "job " + job.jobId() + " was already reported "
          + outcome.reported().get() + " when the invocation failed: " + message);
    } else {
      boolean configuration = e instanceof ConfigException || e instanceof EventException;
      log.error("codepipeline", "job " + job.jobId() + " failed: " + message);
      outcome.fail(configuration ? FailureType.CONFIGURATION_ERROR : FailureType.JOB_FAILED,
          message);
    }
    ObjectNode response = ReportJson.toTree(new Report(null, List.of()));
    response.put("ok", false);
    response.put("error", message);
    response.set("job", outcome(job, outcome));
    return response;
  }

  /** Runs on the deadline watch's thread while the packages may still be running. */
  private void outOfTime(LambdaEvent.CodePipelineJob job, JobOutcome outcome) {
    String message = "the invocation ran out of time before the job finished ("
        + budget.remaining().toSeconds() + " s left): raise the function's timeout (at most 900 s)"
        + " or split the packages over several actions; a retry rebuilds only what is not recorded";
    try {
      if (outcome.reported().isEmpty()) {
        log.error("codepipeline", "job " + job.jobId() + " failed: " + message);
        outcome.fail(FailureType.JOB_FAILED, message);
      }
    } catch (RuntimeException e) {
      log.error("codepipeline", "job " + job.jobId() + " could not be reported as out of time: "
          + AwsErrorLine.of(e));
    }
  }

  private ObjectNode run(LambdaEvent.CodePipelineJob job, JobOutcome outcome) throws IOException {
    RunOverride override = job.userParameters()
        .map(text -> RunOverride.of(userParameters(text), "UserParameters"))
        .orElse(RunOverride.NONE);
    LayerkitConfig config = runtime.config(override.overrides());
    List<PackageSpec> packages = config.packages();
    List<String> entries = packages.stream().map(p -> p.name() + "=" + p.path()).toList();
    List<Integer> todo;
    List<Integer> failedBefore;
    if (job.continuationToken().isPresent()) {
      ContinuationToken token =
          ContinuationToken.decode(job.continuationToken().get(), runtime.json(), entries);
      config = runtime.config(override.overrides()
          .with(Setting.REF, "the job's continuation token", token.commit()));
      todo = token.todo();
      failedBefore = token.failed();
      log.info("codepipeline", "continuing job " + job.jobId() + " at commit " + token.commit()
          + " with " + todo.size() + " of " + packages.size() + " packages");
    } else {
      todo = IntStream.range(0, packages.size()).boxed().toList();
      failedBefore = List.of();
    }
    String ref = config.source().ref().orElse("the default branch");

    BatchResult batch = new PackageBatch(runtime, log, builder).run(config, todo, budget);
    String commit = batch.commit() != null ? batch.commit() : ref;
    List<Integer> failed = new ArrayList<>(failedBefore);
    failed.addAll(batch.failed());
    ObjectNode response = RetentionAfterPublish.withRetention(ReportJson.toTree(batch.report()),
        batch.retention());

    if (!batch.notStarted().isEmpty() && batch.commit() != null) {
      ContinuationToken next = new ContinuationToken(commit,
          ContinuationToken.packageSetOf(entries), batch.notStarted(), failed);
      int done = packages.size() - batch.notStarted().size();
      String summary = done + " of " + packages.size() + " packages done at commit "
          + shortId(commit) + "; continuing with " + batch.notStarted().size()
          + " in a new invocation";
      if (outcome.continueLater(next.encode(runtime.json()), summary,
          done * 100 / packages.size())) {
        log.info("codepipeline", summary);
      }
    } else if (!failed.isEmpty()) {
      String message = FailureMessage.of(failures(packages, failed, batch, ref), secrets());
      if (outcome.reported().isEmpty()) {
        log.error("codepipeline", "job " + job.jobId() + " failed: " + message);
      }
      outcome.fail(FailureType.JOB_FAILED, message);
    } else {
      List<PackageOutput> outputs;
      try (Components.RegistryHandle registry = runtime.openRegistry(config)) {
        outputs = outputs(packages, batch, registry.registry());
      }
      String summary = summary(outputs, commit) + pruningNote(batch);
      if (outcome.succeed(OutputVariables.of(commit, outputs), summary)) {
        log.info("codepipeline", summary);
      }
    }
    if (!outcome.endedWell()) {
      response.put("ok", false);
    }
    response.set("job", outcome(job, outcome));
    return response;
  }

  private JsonNode userParameters(String text) {
    try {
      return runtime.json().readTree(text);
    } catch (IOException e) {
      throw new ConfigException("UserParameters is not JSON: give an object such as "
          + "{\"packages\": [\"lambda/layers/requests\"], \"ref\": \"main\"}, or leave it empty");
    }
  }

  /**
   * Output values for every package of the job: this invocation's results, and for packages an
   * earlier invocation of the job built, their current release (which that run recorded).
   */
  private static List<PackageOutput> outputs(List<PackageSpec> packages, BatchResult batch,
      ReleaseRegistry registry) throws IOException {
    List<PackageOutput> outputs = new ArrayList<>();
    for (int i = 0; i < packages.size(); i++) {
      PackageResult result = batch.results().get(i);
      if (result != null) {
        outputs.add(new PackageOutput(result.packageName(), result.status().label(), result.key(),
            result.sha256(), result.layerVersionArn()));
        continue;
      }
      String name = packages.get(i).name();
      Optional<Release> release = registry.current(name);
      outputs.add(release
          .map(r -> new PackageOutput(name, "done", r.key(), r.sha256(), r.layerVersionArn()))
          .orElse(new PackageOutput(name, "done", null, null, null)));
    }
    return outputs;
  }

  /** One line: which packages failed and why, packages with the same error named together. */
  private static String failures(List<PackageSpec> packages, List<Integer> failed,
      BatchResult batch, String ref) {
    Map<String, List<String>> byError = new LinkedHashMap<>();
    for (int index : failed) {
      PackageResult result = batch.results().get(index);
      String error = result != null ? result.error()
          : "failed in an earlier invocation of this job (see the function's log)";
      byError.computeIfAbsent(error, e -> new ArrayList<>()).add(packages.get(index).name());
    }
    List<String> parts = new ArrayList<>();
    byError.forEach((error, names) -> parts.add(String.join(", ", names) + ": " + error));
    String at = batch.commit() != null ? "commit " + shortId(batch.commit()) : "ref " + ref;
    return failed.size() + " of " + packages.size() + " packages failed at " + at + ": "
        + String.join("; ", parts);
  }

  private static String summary(List<PackageOutput> outputs, String commit) {
    Map<String, Long> counts = new TreeMap<>();
    outputs.forEach(o -> counts.merge(o.status(), 1L, Long::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((status, n) -> parts.add(n + " " + status));
    return outputs.size() + " packages at commit " + shortId(commit) + ": "
        + String.join(", ", parts);
  }

  /** A failed pruning leaves the job a success, but its summary says so (RetentionAfterPublish). */
  private static String pruningNote(BatchResult batch) {
    List<String> failed = batch.pruningFailures();
    return failed.isEmpty() ? ""
        : "; pruning failed for " + String.join(", ", failed) + " (see the function's log)";
  }

  private ObjectNode outcome(LambdaEvent.CodePipelineJob job, JobOutcome outcome) {
    ObjectNode node = runtime.json().createObjectNode();
    node.put("id", job.jobId());
    node.put("result", outcome.reported().orElse("unreported"));
    return node;
  }

  private List<Secret> secrets() {
    return secretsOf(runtime);
  }

  /** The token to cut out of a message bound for CodePipeline; none when it cannot be read. */
  static List<Secret> secretsOf(FunctionRuntime runtime) {
    try {
      return runtime.secretsToRedact();
    } catch (RuntimeException e) {
      // Without the token at hand nothing can be redacted; messages are built never to hold it.
      return List.of();
    }
  }

  static String shortId(String commit) {
    return commit != null && commit.length() > 12 ? commit.substring(0, 12) : String.valueOf(commit);
  }
}
