package io.layerkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.tree.PathRules;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Recognises the three events of the fan-out state machine in {@code deploy/template.yaml}. The
 * state machine calls the function with the {@code arn:aws:states:::lambda:invoke} integration and
 * {@code "Payload.$": "$"}, so the function receives the state input itself (nothing wrapped
 * around it) and the integration wraps the answer in {@code "Payload"}, which the definition
 * unwraps. The plain function ARN as the Task's resource would deliver the same input; the
 * integration is chosen because its Lambda service errors are named ({@code Lambda.ServiceException},
 * ...) and can be retried apart from the function's own failures.
 */
final class FanOutEventParser {

  static final String FAN_OUT = "fanOut";
  private static final Pattern FULL_COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Set<String> ITEM_FIELDS =
      Set.of("commit", "package", "path", "region", "concurrency");
  private static final Set<String> RESOLVE_FIELDS = Set.of(FAN_OUT, "input", "maxConcurrency");
  private static final int MAX_CONCURRENCY = 1000;

  private FanOutEventParser() {}

  /** Whether {@code root} is a fan-out event: a {@code fanOut} task, or an item. */
  static boolean isFanOut(JsonNode root) {
    return root.has(FAN_OUT) || root.has("commit") && root.has("package") && root.has("region");
  }

  /**
   * @param inputParser how the resolve task's {@code input} is recognised: the function's other
   *     events
   */
  static LambdaEvent parse(JsonNode root, Function<JsonNode, LambdaEvent> inputParser) {
    if (!root.has(FAN_OUT)) {
      return item(root);
    }
    String task = root.get(FAN_OUT).asText("");
    return switch (task) {
      case "resolve" -> resolve(root, inputParser);
      case "aggregate" -> new LambdaEvent.FanOutAggregate(root);
      default -> throw new EventException("unknown fanOut task '" + PathRules.printable(task)
          + "': the state machine sends \"resolve\" or \"aggregate\"");
    };
  }

  private static LambdaEvent resolve(JsonNode root, Function<JsonNode, LambdaEvent> inputParser) {
    refuseUnknown(root, RESOLVE_FIELDS, "the fan-out resolve event");
    JsonNode input = root.path("input");
    if (!input.isObject()) {
      throw new EventException("the fan-out resolve event has no \"input\" object: the state "
          + "machine passes the execution's input there");
    }
    ObjectNode rest = ((ObjectNode) input).deepCopy();
    Optional<String> job = Optional.empty();
    JsonNode jobNode = rest.remove("codePipelineJob");
    if (jobNode != null && !jobNode.isNull()) {
      String id = jobNode.path("id").asText("");
      if (!UUID.matcher(id).matches()) {
        throw new EventException("the execution input's \"codePipelineJob\" has no valid \"id\": "
            + "give {\"codePipelineJob\": {\"id\": \"<the job's id>\"}}");
      }
      job = Optional.of(id);
    }
    LambdaEvent started = inputParser.apply(rest);
    if (!(started instanceof LambdaEvent.PipelineExecutionStarted
        || started instanceof LambdaEvent.Scheduled
        || started instanceof LambdaEvent.DirectInvocation)) {
      throw new EventException("the fan-out state machine was started with "
          + started.describe() + ": start it with a pipeline's STARTED event, a schedule, or "
          + "{\"packages\": [...], \"ref\": \"main\"}");
    }
    return new LambdaEvent.FanOutResolve(started, job,
        wholeNumber(root.get("maxConcurrency"), "maxConcurrency", 1).orElse(1));
  }

  private static LambdaEvent item(JsonNode root) {
    refuseUnknown(root, ITEM_FIELDS, "the fan-out item");
    String commit = text(root, "commit");
    if (!FULL_COMMIT.matcher(commit).matches()) {
      throw new EventException("the fan-out item's \"commit\" '" + PathRules.printable(commit)
          + "' is not a full commit id: an item builds the commit the resolve task pinned, never"
          + " a branch or tag");
    }
    String packageName = text(root, "package");
    Optional<String> path = root.hasNonNull("path")
        ? Optional.of(text(root, "path")) : Optional.empty();
    String region = FanOutRegions.checked("the fan-out item's \"region\"", text(root, "region"));
    Optional<Integer> concurrency = wholeNumber(root.get("concurrency"), "concurrency", 1);
    return new LambdaEvent.FanOutItem(commit, packageName, path, region,
        concurrency.map(OptionalInt::of).orElse(OptionalInt.empty()));
  }

  private static String text(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new EventException("the fan-out item's \"" + field + "\" must be a non-empty string");
    }
    return value.asText().strip();
  }

  /** A number, or a number in a string (DefinitionSubstitutions substitute text). */
  private static Optional<Integer> wholeNumber(JsonNode value, String field, int min) {
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    String text = value.asText("").strip();
    try {
      int number = Integer.parseInt(text);
      if (number >= min && number <= MAX_CONCURRENCY) {
        return Optional.of(number);
      }
    } catch (NumberFormatException e) {
      // told below
    }
    throw new EventException("the fan-out event's \"" + field + "\" '"
        + PathRules.printable(text) + "' is not a whole number from " + min + " to "
        + MAX_CONCURRENCY);
  }

  private static void refuseUnknown(JsonNode root, Set<String> known, String what) {
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new EventException(what + " has an unknown field '" + PathRules.printable(name)
            + "': expected only " + known.stream().sorted().toList());
      }
    }
  }
}
