package io.layerkit.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.tree.PathRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises an invocation payload as one of the {@link LambdaEvent}s, or refuses it with one line
 * saying what was expected. Works on Jackson's tree model only: no data binding, no reflection.
 *
 * <p>Messages never quote the payload: a parse error from Jackson would, so only its position is
 * kept.
 */
public final class EventParser {

  static final String EXPECTED = "expected a CodePipeline job, an EventBridge \"CodePipeline "
      + "Pipeline Execution State Change\" or \"Scheduled Event\", a direct invocation such as "
      + "{\"packages\": [\"lambda/layers/requests\"], \"ref\": \"main\"}, or an event of the "
      + "fan-out state machine";

  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern PIPELINE_NAME = Pattern.compile("[A-Za-z0-9.@_-]{1,100}");
  private static final Set<String> DIRECT_FIELDS = Set.of("packages", "ref");
  private static final String PIPELINE_STATE_CHANGE = "CodePipeline Pipeline Execution State Change";

  private final ObjectMapper json;

  public EventParser(ObjectMapper json) {
    this.json = json;
  }

  /**
   * @throws EventException when the payload is none of the known events
   * @throws io.layerkit.config.ConfigException when a direct invocation's values are malformed
   */
  public LambdaEvent parse(byte[] payload) {
    JsonNode root = read(payload);
    if (FanOutEventParser.isFanOut(root)) {
      return FanOutEventParser.parse(root, EventParser::classify);
    }
    return classify(root);
  }

  /** One of the events that start a run (the fan-out's resolve task reads these too). */
  private static LambdaEvent classify(JsonNode root) {
    if (root.has("CodePipeline.job")) {
      return codePipelineJob(root.get("CodePipeline.job"));
    }
    if (root.has("detail-type") && root.has("source")) {
      return eventBridge(root);
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!DIRECT_FIELDS.contains(name)) {
        unknown.add(PathRules.printable(name));
      }
    }
    if (!unknown.isEmpty()) {
      throw new EventException("unrecognised event with fields "
          + unknown.subList(0, Math.min(5, unknown.size())) + ": " + EXPECTED);
    }
    return new LambdaEvent.DirectInvocation(RunOverride.of(root, "the invocation payload"));
  }

  private JsonNode read(byte[] payload) {
    if (new String(payload, StandardCharsets.UTF_8).isBlank()) {
      return json.createObjectNode();
    }
    JsonNode root;
    try {
      root = json.readTree(payload);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new EventException("the event is not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
          + ": " + EXPECTED);
    } catch (IOException e) {
      throw new EventException("the event could not be read: " + EXPECTED);
    }
    if (root == null || !root.isObject()) {
      throw new EventException("the event is not a JSON object: " + EXPECTED);
    }
    return root;
  }

  private static LambdaEvent codePipelineJob(JsonNode job) {
    String id = text(job, "id");
    if (id == null || !UUID.matcher(id).matches()) {
      throw new EventException("the CodePipeline job has no valid \"id\": it cannot be reported "
          + "back to CodePipeline");
    }
    JsonNode data = job.path("data");
    Optional<String> userParameters = Optional.ofNullable(
        text(data.path("actionConfiguration").path("configuration"), "UserParameters"))
        .filter(s -> !s.isBlank());
    Optional<String> continuation = Optional.ofNullable(text(data, "continuationToken"))
        .filter(s -> !s.isBlank());
    return new LambdaEvent.CodePipelineJob(
        id, Optional.ofNullable(text(job, "accountId")).orElse(""), userParameters, continuation);
  }

  private static LambdaEvent eventBridge(JsonNode root) {
    String source = Optional.ofNullable(text(root, "source")).orElse("");
    String detailType = Optional.ofNullable(text(root, "detail-type")).orElse("");
    String eventId = Optional.ofNullable(text(root, "id")).orElse("unknown");
    if (source.equals("aws.codepipeline") && detailType.equals(PIPELINE_STATE_CHANGE)) {
      JsonNode detail = root.path("detail");
      String pipeline = text(detail, "pipeline");
      String executionId = text(detail, "execution-id");
      String state = text(detail, "state");
      if (pipeline == null || !PIPELINE_NAME.matcher(pipeline).matches()
          || executionId == null || !UUID.matcher(executionId).matches()) {
        throw new EventException("the pipeline execution event " + PathRules.printable(eventId)
            + " lacks a valid detail.pipeline or detail.execution-id");
      }
      if (!"STARTED".equals(state)) {
        throw new EventException("pipeline " + pipeline + " execution " + executionId
            + " is in state " + PathRules.printable(String.valueOf(state)) + ": the function acts "
            + "on STARTED only; restrict the EventBridge rule to \"state\": [\"STARTED\"]");
      }
      return new LambdaEvent.PipelineExecutionStarted(pipeline, executionId, eventId);
    }
    if (source.equals("aws.events") && detailType.equals("Scheduled Event")) {
      JsonNode resources = root.path("resources");
      String rule = resources.isArray() && resources.size() > 0 && resources.get(0).isTextual()
          ? resources.get(0).asText() : eventId;
      return new LambdaEvent.Scheduled(rule, eventId);
    }
    throw new EventException("unsupported EventBridge event '" + PathRules.printable(detailType)
        + "' from " + PathRules.printable(source) + ": " + EXPECTED);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
