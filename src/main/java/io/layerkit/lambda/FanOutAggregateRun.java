package io.layerkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.codepipeline.model.FailureType;

/**
 * The fan-out's last task: joins the items' answers into the report the function returns when it
 * builds alone ({@code {"ok", "commit", "packages": [...]}}), one line per package with its
 * {@code "regions"}, and ends the CodePipeline job the execution's input names: success with the
 * output variables, or failure naming the failed items. An item the state machine caught (its
 * invocation failed), an item the budget deferred and a run that failed before its items all
 * count as failed, with the reason Step Functions recorded.
 *
 * <p>Answers the report, plus {@code "error"}: one line when {@code ok} is false, which the state
 * machine's Fail state gives as the execution's cause.
 */
final class FanOutAggregateRun {

  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final FunctionRuntime runtime;
  private final JsonLog log;
  private final String requestId;

  FanOutAggregateRun(FunctionRuntime runtime, JsonLog log, String requestId) {
    this.runtime = runtime;
    this.log = log;
    this.requestId = requestId;
  }

  /** What happened to one (package, region) item. */
  private record ItemOutcome(String packageName, String path, String region, String status,
      Optional<JsonNode> line, String error) {
    boolean failed() {
      return status.equals("failed");
    }
  }

  ObjectNode handle(LambdaEvent.FanOutAggregate event) throws IOException {
    JsonNode state = event.state();
    Optional<String> jobId = Optional.of(state.path("input").path("codePipelineJob").path("id"))
        .filter(JsonNode::isTextual).map(JsonNode::asText).filter(id -> UUID.matcher(id).matches());
    Optional<JobOutcome> job = jobId.map(id -> new JobOutcome(runtime.jobs(), id, requestId, log));
    try {
      ObjectNode report = report(state);
      job.ifPresent(outcome -> endJob(outcome, report));
      return report;
    } catch (RuntimeException | IOException e) {
      // The job must hear an outcome even when the report cannot be made.
      job.ifPresent(outcome -> outcome.fail(FailureType.JOB_FAILED, FailureMessage.of(
          "the fan-out's report could not be made: " + AwsErrorLine.of(e),
          CodePipelineJobRun.secretsOf(runtime))));
      throw e;
    }
  }

  private ObjectNode report(JsonNode state) throws IOException {
    String commit = state.path("plan").path("commit").isTextual()
        ? state.path("plan").path("commit").asText() : null;
    List<ItemOutcome> items = new ArrayList<>();
    for (JsonNode result : state.path("results")) {
      items.add(outcome(result));
    }
    long deferred = state.path("plan").path("deferred").size();
    for (JsonNode left : state.path("plan").path("deferred")) {
      items.add(new ItemOutcome(left.path("package").asText(), null, left.path("region").asText(),
          "failed", Optional.empty(), "deferred: the Bitbucket budget left this hour did not "
          + "cover it (about " + left.path("requests").asLong() + " requests); a later run builds it"));
    }
    ObjectNode report = runtime.json().createObjectNode();
    List<String> problems = new ArrayList<>();
    if (state.hasNonNull("failure")) {
      problems.add("the run stopped before its items finished: " + cause(state.get("failure")));
    }
    List<ItemOutcome> failed = items.stream().filter(ItemOutcome::failed).toList();
    if (!failed.isEmpty()) {
      problems.add(failures(failed, items.size(), commit));
    }
    report.put("ok", problems.isEmpty());
    report.put("commit", commit);
    report.set("packages", packages(items));
    if (deferred > 0) {
      report.put("deferred", deferred);
    }
    String error = problems.isEmpty() ? null
        : FailureMessage.of(String.join("; ", problems), CodePipelineJobRun.secretsOf(runtime));
    report.put("error", error);
    if (error == null) {
      log.info("summary", items.size() + " items at commit " + commit + ": all done");
    } else {
      log.error("summary", error);
    }
    return report;
  }

  /** An item's answer, or the item Step Functions caught with its failure. */
  private ItemOutcome outcome(JsonNode result) {
    String name = result.path("package").asText("?");
    String path = result.path("path").isTextual() ? result.path("path").asText() : null;
    String region = result.path("region").asText("?");
    if (result.has("failure")) {
      return new ItemOutcome(name, path, region, "failed", Optional.empty(),
          cause(result.get("failure")));
    }
    String status = result.path("status").asText("failed");
    String error = result.path("error").isTextual() ? result.path("error").asText() : null;
    return new ItemOutcome(name, path, region, status, Optional.of(result), error);
  }

  /**
   * The one line of a caught failure: Step Functions puts a failed Lambda invocation's
   * {@code {"errorMessage", "errorType"}} as JSON text in {@code Cause}; other errors
   * ({@code States.Timeout}, ...) carry their own text.
   */
  private String cause(JsonNode failure) {
    String error = failure.path("Error").asText("States.TaskFailed");
    String cause = failure.path("Cause").asText("");
    try {
      JsonNode parsed = runtime.json().readTree(cause);
      if (parsed != null && parsed.path("errorMessage").isTextual()) {
        return parsed.path("errorMessage").asText();
      }
    } catch (IOException notJson) {
      // the cause is plain text
    }
    return cause.isBlank() ? error : error + ": " + TextCut.toLength(cause.strip(), 500, "...");
  }

  /** One line per package: the home region's line, with every region's outcome beside it. */
  private ArrayNode packages(List<ItemOutcome> items) {
    Map<String, List<ItemOutcome>> byPackage = new LinkedHashMap<>();
    items.forEach(item -> byPackage.computeIfAbsent(item.packageName(), n -> new ArrayList<>())
        .add(item));
    ArrayNode packages = runtime.json().createArrayNode();
    byPackage.forEach((name, regions) -> {
      ItemOutcome home = regions.get(0);
      ObjectNode line = home.line().map(l -> ((ObjectNode) l).deepCopy())
          .orElseGet(() -> runtime.json().createObjectNode().put("package", name)
              .put("path", home.path()));
      line.remove("region");
      line.remove("commit");
      List<String> errors = new ArrayList<>();
      ObjectNode byRegion = line.putObject("regions");
      for (ItemOutcome item : regions) {
        ObjectNode region = byRegion.putObject(item.region());
        region.put("status", item.status());
        region.put("key", item.line().map(l -> l.path("key").asText(null)).orElse(null));
        region.put("layerVersionArn",
            item.line().map(l -> l.path("layerVersionArn").asText(null)).orElse(null));
        region.put("error", item.error());
        if (item.failed()) {
          errors.add(item.region() + ": " + item.error());
        }
      }
      if (!errors.isEmpty()) {
        line.put("status", "failed");
        line.put("error", String.join("; ", errors));
      }
      packages.add(line);
    });
    return packages;
  }

  /** One line naming the failed items, items with the same error named together. */
  private static String failures(List<ItemOutcome> failed, int all, String commit) {
    Map<String, List<String>> byError = new LinkedHashMap<>();
    for (ItemOutcome item : failed) {
      byError.computeIfAbsent(String.valueOf(item.error()), e -> new ArrayList<>())
          .add(item.packageName() + " in " + item.region());
    }
    List<String> parts = new ArrayList<>();
    byError.forEach((error, names) -> parts.add(String.join(", ", names) + ": " + error));
    return failed.size() + " of " + all + " items failed"
        + (commit == null ? "" : " at commit " + CodePipelineJobRun.shortId(commit)) + ": "
        + String.join("; ", parts);
  }

  private void endJob(JobOutcome outcome, ObjectNode report) {
    if (report.path("ok").asBoolean()) {
      List<PackageOutput> outputs = new ArrayList<>();
      for (JsonNode line : report.path("packages")) {
        outputs.add(new PackageOutput(line.path("package").asText(),
            line.path("status").asText(), line.path("key").asText(null),
            line.path("sha256").asText(null), line.path("layerVersionArn").asText(null)));
      }
      String commit = report.path("commit").asText(null);
      String summary = outputs.size() + " packages in every region at commit "
          + CodePipelineJobRun.shortId(commit);
      if (outcome.succeed(OutputVariables.of(commit, outputs), summary)) {
        log.info("codepipeline", summary);
      }
    } else {
      String message = report.path("error").asText();
      log.error("codepipeline", "job failed: " + message);
      outcome.fail(FailureType.JOB_FAILED, message);
    }
    ObjectNode job = report.putObject("job");
    job.put("result", outcome.reported().orElse("unreported"));
  }
}
