package io.layerkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the fan-out state machine's definition in the test, state by state, as Step Functions
 * would, calling the function for every Task: moto_server's Step Functions can interpret a
 * definition, but it runs Lambda tasks in Docker containers, which this machine cannot start.
 *
 * <p>Only what the definition uses, each as the Amazon States Language specifies it: Pass with
 * {@code Parameters}; Task on {@code arn:aws:states:::lambda:invoke} with {@code Parameters},
 * {@code ResultSelector}, {@code ResultPath}, {@code OutputPath} and {@code Catch} (the
 * integration's answer is {@code {"ExecutedVersion", "Payload", "StatusCode"}}; a function error
 * is caught as the error named by the function's {@code errorType}, its cause the JSON text
 * {@code {"errorMessage", "errorType"}}); Map with {@code ItemsPath}, {@code MaxConcurrencyPath}
 * (that many items at once, on threads) and an inline {@code ItemProcessor}; Choice on
 * {@code BooleanEquals}; Succeed; Fail with {@code CausePath}. Paths are {@code $} and
 * {@code $.a.b}. Anything else fails the run, so the definition cannot quietly outgrow it.
 */
final class StateMachineRun {

  /** The function as Step Functions' Lambda integration calls it. */
  interface Function {
    /** @throws LayerkitFunctionException when the invocation fails */
    JsonNode invoke(String functionName, JsonNode payload) throws Exception;
  }

  /** How an execution ended. */
  record Outcome(String status, JsonNode output, String error, String cause) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Function function;
  private final List<String> visited = new ArrayList<>();

  StateMachineRun(Function function) {
    this.function = function;
  }

  /** The state names entered, in order (items' states too). */
  synchronized List<String> visited() {
    return List.copyOf(visited);
  }

  Outcome execute(JsonNode definition, JsonNode input) throws Exception {
    return run(definition, input);
  }

  private Outcome run(JsonNode machine, JsonNode input) throws Exception {
    String name = machine.path("StartAt").asText();
    JsonNode data = input;
    while (true) {
      JsonNode state = machine.path("States").path(name);
      if (state.isMissingNode()) {
        throw new IllegalStateException("no state " + name);
      }
      synchronized (this) {
        visited.add(name);
      }
      String type = state.path("Type").asText();
      Step step = switch (type) {
        case "Pass" -> new Step(state.has("Parameters")
            ? parameters(state.get("Parameters"), data) : data, null);
        case "Task" -> task(state, data);
        case "Map" -> map(state, data);
        case "Choice" -> new Step(data, choose(state, data));
        case "Succeed" -> null;
        case "Fail" -> null;
        default -> throw new IllegalStateException("state type " + type + " is not run here");
      };
      if (type.equals("Succeed")) {
        return new Outcome("SUCCEEDED", data, null, null);
      }
      if (type.equals("Fail")) {
        String cause = state.has("CausePath") ? path(data, state.get("CausePath").asText()).asText()
            : state.path("Cause").asText(null);
        return new Outcome("FAILED", null, state.path("Error").asText(), cause);
      }
      if (step.failure != null) {
        JsonNode catcher = catcher(state, step.failure.path("Error").asText());
        if (catcher == null) {
          return new Outcome("FAILED", null, step.failure.path("Error").asText(),
              step.failure.path("Cause").asText());
        }
        data = resultPath(data, catcher.path("ResultPath").asText("$"), step.failure);
        name = catcher.path("Next").asText();
        continue;
      }
      data = step.output;
      String next = step.next != null ? step.next : state.path("Next").asText(null);
      if (state.path("End").asBoolean(false) || next == null) {
        return new Outcome("SUCCEEDED", data, null, null);
      }
      name = next;
    }
  }

  /** A state's output and the next state (when it chooses), or the error it raised. */
  private record Step(JsonNode output, String next, JsonNode failure) {
    Step(JsonNode output, String next) {
      this(output, next, null);
    }

    static Step failed(JsonNode failure) {
      return new Step(null, null, failure);
    }
  }

  private Step task(JsonNode state, JsonNode data) throws Exception {
    if (!state.path("Resource").asText().equals("arn:aws:states:::lambda:invoke")) {
      throw new IllegalStateException("task resource " + state.path("Resource") + " is not run here");
    }
    JsonNode parameters = parameters(state.get("Parameters"), data);
    JsonNode response;
    try {
      response = function.invoke(parameters.path("FunctionName").asText(),
          parameters.path("Payload"));
    } catch (LayerkitFunctionException e) {
      String errorType = e.getClass().getName();
      ObjectNode cause = JSON.createObjectNode().put("errorMessage", e.getMessage())
          .put("errorType", errorType);
      cause.putArray("stackTrace");
      return Step.failed(JSON.createObjectNode().put("Error", errorType)
          .put("Cause", JSON.writeValueAsString(cause)));
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("ExecutedVersion", "$LATEST");
    result.set("Payload", response);
    result.put("StatusCode", 200);
    JsonNode selected = state.has("ResultSelector")
        ? parameters(state.get("ResultSelector"), result) : result;
    JsonNode output = resultPath(data, state.path("ResultPath").asText("$"), selected);
    return new Step(state.has("OutputPath") ? path(output, state.get("OutputPath").asText()) : output,
        null);
  }

  private Step map(JsonNode state, JsonNode data) throws Exception {
    JsonNode items = path(data, state.path("ItemsPath").asText("$"));
    int concurrency = state.has("MaxConcurrencyPath")
        ? path(data, state.get("MaxConcurrencyPath").asText()).asInt()
        : state.path("MaxConcurrency").asInt(0);
    JsonNode processor = state.get("ItemProcessor");
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.max(1, concurrency == 0 ? items.size() : concurrency));
    try {
      List<Future<Outcome>> runs = new ArrayList<>();
      for (JsonNode item : items) {
        runs.add(pool.submit(() -> run(processor, item)));
      }
      ArrayNode results = JSON.createArrayNode();
      for (Future<Outcome> run : runs) {
        Outcome outcome = run.get();
        if (!outcome.status().equals("SUCCEEDED")) {
          return Step.failed(JSON.createObjectNode().put("Error", "States.ExceedToleratedFailureThreshold")
              .put("Cause", "an iteration failed: " + outcome.error()));
        }
        results.add(outcome.output());
      }
      return new Step(resultPath(data, state.path("ResultPath").asText("$"), results), null);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String choose(JsonNode state, JsonNode data) {
    for (JsonNode choice : state.path("Choices")) {
      if (!choice.has("BooleanEquals")) {
        throw new IllegalStateException("only BooleanEquals choices are run here");
      }
      JsonNode value = path(data, choice.get("Variable").asText());
      if (value.isBoolean() && value.asBoolean() == choice.get("BooleanEquals").asBoolean()) {
        return choice.get("Next").asText();
      }
    }
    return state.path("Default").asText();
  }

  private static JsonNode catcher(JsonNode state, String error) {
    for (JsonNode catcher : state.path("Catch")) {
      for (JsonNode name : catcher.path("ErrorEquals")) {
        if (name.asText().equals("States.ALL") || name.asText().equals(error)) {
          return catcher;
        }
      }
    }
    return null;
  }

  /** Keys ending in {@code .$} take the value at their path; other values are copied. */
  private static JsonNode parameters(JsonNode template, JsonNode data) {
    if (!template.isObject()) {
      return template.deepCopy();
    }
    ObjectNode out = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> fields = template.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().endsWith(".$")) {
        String expression = field.getValue().asText();
        if (!expression.startsWith("$")) {
          throw new IllegalStateException("intrinsic functions are not run here: " + expression);
        }
        out.set(field.getKey().substring(0, field.getKey().length() - 2), path(data, expression));
      } else {
        out.set(field.getKey(), parameters(field.getValue(), data));
      }
    }
    return out;
  }

  /** {@code $} or {@code $.a.b}; a missing field fails the state as States.Runtime does. */
  static JsonNode path(JsonNode data, String path) {
    if (path.equals("$")) {
      return data;
    }
    if (!path.startsWith("$.")) {
      throw new IllegalStateException("path " + path + " is not run here");
    }
    JsonNode node = data;
    for (String part : path.substring(2).split("\\.")) {
      if (!node.has(part)) {
        throw new IllegalStateException("States.Runtime: the path " + path + " is not in the input");
      }
      node = node.get(part);
    }
    return node;
  }

  private static JsonNode resultPath(JsonNode data, String path, JsonNode result) {
    if (path.equals("$")) {
      return result;
    }
    ObjectNode copy = ((ObjectNode) data).deepCopy();
    String[] parts = path.substring(2).split("\\.");
    ObjectNode node = copy;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.with(parts[i]);
    }
    node.set(parts[parts.length - 1], result);
    return copy;
  }
}
