package io.layerkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.config.ConfigException;
import io.layerkit.config.PackageSpec;
import io.layerkit.config.Secret;
import io.layerkit.pipeline.PackageResult;
import io.layerkit.pipeline.Report;
import io.layerkit.pipeline.ReportJson;
import io.layerkit.registry.Release;
import io.layerkit.registry.ReleaseRegistry;
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
 * or bad {@code UserParameters}: a job that hears nothing hangs until CodePipeline's timeout.
 */
final class CodePipelineJobRun {

  private final FunctionRuntime runtime;
  private final JsonLog log;
  private final String requestId;
  private final TimeBudget budget;

  CodePipelineJobRun(FunctionRuntime runtime, JsonLog log, String requestId, TimeBudget budget) {
    this.runtime = runtime;
    this.log = log;
    this.requestId = requestId;
    this.budget = budget;
  }

  /** The response: the report of this invocation plus the job's outcome. */
  ObjectNode handle(LambdaEvent.CodePipelineJob job) {
    try {
      return run(job);
    } catch (RuntimeException | IOException e) {
      boolean configuration = e instanceof ConfigException || e instanceof EventException;
      String message = FailureMessage.of(AwsErrorLine.of(e), secrets());
      log.error("codepipeline", "job " + job.jobId() + " failed: " + message);
      runtime.jobs().fail(job.jobId(),
          configuration ? FailureType.CONFIGURATION_ERROR : FailureType.JOB_FAILED, message,
          requestId);
      ObjectNode response = ReportJson.toTree(new Report(null, List.of()));
      response.put("ok", false);
      response.put("error", message);
      response.set("job", outcome(job, "failed"));
      return response;
    }
  }

  private ObjectNode run(LambdaEvent.CodePipelineJob job) throws IOException {
    LambdaEnvironment environment = runtime.environment();
    RunOverride override = job.userParameters()
        .map(text -> RunOverride.of(userParameters(text), "UserParameters"))
        .orElse(RunOverride.NONE);
    List<String> paths = override.packages().orElse(environment.packagePaths());
    String ref;
    List<Integer> todo;
    List<Integer> failedBefore;
    if (job.continuationToken().isPresent()) {
      ContinuationToken token =
          ContinuationToken.decode(job.continuationToken().get(), runtime.json(), paths);
      ref = token.commit();
      todo = token.todo();
      failedBefore = token.failed();
      log.info("codepipeline", "continuing job " + job.jobId() + " at commit " + ref + " with "
          + todo.size() + " of " + paths.size() + " packages");
    } else {
      ref = override.ref().orElse(environment.branch());
      todo = IntStream.range(0, paths.size()).boxed().toList();
      failedBefore = List.of();
    }

    try (FunctionRuntime.Session session = runtime.open(environment)) {
      BatchResult batch = new PackageBatch(session.parts(), log, environment, runtime.workDir())
          .run(paths, todo, ref, budget);
      String commit = batch.commit() != null ? batch.commit() : ref;
      List<Integer> failed = new ArrayList<>(failedBefore);
      failed.addAll(batch.failed());
      ObjectNode response = ReportJson.toTree(batch.report());

      if (!batch.notStarted().isEmpty() && batch.commit() != null) {
        ContinuationToken next = new ContinuationToken(commit,
            ContinuationToken.packageSetOf(paths), batch.notStarted(), failed);
        int done = paths.size() - batch.notStarted().size();
        String summary = done + " of " + paths.size() + " packages done at commit " + shortId(commit)
            + "; continuing with " + batch.notStarted().size() + " in a new invocation";
        log.info("codepipeline", summary);
        runtime.jobs().continueLater(job.jobId(), next.encode(runtime.json()), summary,
            done * 100 / paths.size(), requestId);
        response.set("job", outcome(job, "continued"));
        return response;
      }
      if (!failed.isEmpty()) {
        String message = FailureMessage.of(failures(paths, failed, batch, ref), secrets());
        log.error("codepipeline", "job " + job.jobId() + " failed: " + message);
        runtime.jobs().fail(job.jobId(), FailureType.JOB_FAILED, message, requestId);
        response.put("ok", false);
        response.set("job", outcome(job, "failed"));
        return response;
      }
      List<PackageOutput> outputs = outputs(paths, batch, session.parts().registry().orElseThrow());
      String summary = summary(outputs, commit);
      log.info("codepipeline", summary);
      runtime.jobs().succeed(job.jobId(), OutputVariables.of(commit, outputs), summary, requestId);
      response.set("job", outcome(job, "succeeded"));
      return response;
    }
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
  private static List<PackageOutput> outputs(List<String> paths, BatchResult batch,
      ReleaseRegistry registry) throws IOException {
    List<PackageOutput> outputs = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      PackageResult result = batch.results().get(i);
      if (result != null) {
        outputs.add(new PackageOutput(result.packageName(), result.status().label(), result.key(),
            result.sha256(), result.layerVersionArn()));
        continue;
      }
      String name = PackageSpec.nameOf(paths.get(i));
      Optional<Release> release = registry.current(name);
      outputs.add(release
          .map(r -> new PackageOutput(name, "done", r.key(), r.sha256(), r.layerVersionArn()))
          .orElse(new PackageOutput(name, "done", null, null, null)));
    }
    return outputs;
  }

  /** One line: which packages failed and why, packages with the same error named together. */
  private static String failures(List<String> paths, List<Integer> failed, BatchResult batch,
      String ref) {
    Map<String, List<String>> byError = new LinkedHashMap<>();
    for (int index : failed) {
      PackageResult result = batch.results().get(index);
      String error = result != null ? result.error()
          : "failed in an earlier invocation of this job (see the function's log)";
      byError.computeIfAbsent(error, e -> new ArrayList<>()).add(PackageSpec.nameOf(paths.get(index)));
    }
    List<String> parts = new ArrayList<>();
    byError.forEach((error, names) -> parts.add(String.join(", ", names) + ": " + error));
    String at = batch.commit() != null ? "commit " + shortId(batch.commit()) : "ref " + ref;
    return failed.size() + " of " + paths.size() + " packages failed at " + at + ": "
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

  private ObjectNode outcome(LambdaEvent.CodePipelineJob job, String result) {
    ObjectNode node = runtime.json().createObjectNode();
    node.put("id", job.jobId());
    node.put("result", result);
    return node;
  }

  private List<Secret> secrets() {
    try {
      return runtime.secretsToRedact();
    } catch (RuntimeException e) {
      // Without the token at hand nothing can be redacted; messages are built never to hold it.
      return List.of();
    }
  }

  private static String shortId(String commit) {
    return commit != null && commit.length() > 12 ? commit.substring(0, 12) : String.valueOf(commit);
  }
}
