package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fan-out state machine in {@code deploy/template.yaml}, read from the template and walked
 * state by state: every transition lands on a state, every Task retries Lambda's own errors and
 * catches everything else, the Map's item processor is a valid machine of its own, every state
 * is reachable and can reach an end. Its roles allow exactly what its tasks call.
 */
class FanOutStateMachineDefinitionTest {

  private static final Set<String> LAMBDA_SERVICE_ERRORS = Set.of("Lambda.ServiceException",
      "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException");

  private static JsonNode template;
  private static JsonNode definition;

  @BeforeAll
  static void read() throws IOException {
    template = StateMachineDefinition.template();
    definition = StateMachineDefinition.definition(Map.of());
  }

  @Test
  void theReaderToleratesCloudFormationShortForms() throws IOException {
    JsonNode read = new YAMLMapper().readTree(
        "Arn: !GetAtt LayerkitFunction.Arn\nName: !Sub \"${AWS::StackName}-x\"\n");

    assertThat(read.path("Arn").asText()).isEqualTo("LayerkitFunction.Arn");
    assertThat(read.path("Name").asText()).isEqualTo("${AWS::StackName}-x");
  }

  @Test
  void theTopLevelMachineIsValid() {
    List<String> problems = new ArrayList<>();
    walk("", definition, problems);
    assertThat(problems).isEmpty();
    List<String> names = new ArrayList<>();
    definition.path("States").fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("Start", "Resolve", "BuildItems", "Aggregate", "Outcome",
        "Done", "ItemsFailed", "AggregateFailed");
  }

  @Test
  void theMapRunsAValidItemProcessorAtTheConcurrencyTheResolveTaskChose() {
    JsonNode map = definition.path("States").path("BuildItems");

    assertThat(map.path("Type").asText()).isEqualTo("Map");
    assertThat(map.path("ItemsPath").asText()).isEqualTo("$.plan.items");
    assertThat(map.path("MaxConcurrencyPath").asText()).isEqualTo("$.plan.maxConcurrency");
    assertThat(map.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText())
        .isEqualTo("INLINE");
    List<String> problems = new ArrayList<>();
    walk("BuildItems/", map.path("ItemProcessor"), problems);
    assertThat(problems).isEmpty();
    assertThat(definition.path("States").path("Resolve").path("Parameters").path("Payload")
        .path("maxConcurrency").asText()).isEqualTo("${MaxConcurrency}");
  }

  @Test
  void everyTaskInvokesTheLayerkitFunctionThroughTheLambdaIntegration() {
    List<JsonNode> tasks = new ArrayList<>();
    collectTasks(definition, tasks);

    assertThat(tasks).hasSize(3);
    assertThat(tasks).allSatisfy(task -> {
      assertThat(task.path("Resource").asText()).isEqualTo("arn:aws:states:::lambda:invoke");
      assertThat(task.path("Parameters").path("FunctionName").asText()).isEqualTo("${FunctionArn}");
    });
    JsonNode substitutions = stateMachine().path("Properties").path("DefinitionSubstitutions");
    assertThat(substitutions.path("FunctionArn").path("Fn::GetAtt").get(0).asText())
        .isEqualTo("LayerkitFunction");
    assertThat(substitutions.path("MaxConcurrency").path("Ref").asText())
        .isEqualTo("FanOutMaxConcurrency");
  }

  @Test
  void theStateMachineRoleMayInvokeTheFunctionAndNothingElse() {
    Set<String> needed = new TreeSet<>();
    List<JsonNode> tasks = new ArrayList<>();
    collectTasks(definition, tasks);
    // lambda:invoke needs lambda:InvokeFunction on the FunctionName (Service Authorization Reference)
    tasks.forEach(task -> needed.add("lambda:InvokeFunction"));
    JsonNode role = template.path("Resources").path("FanOutStateMachineRole");
    JsonNode statements = role.path("Properties").path("Policies").get(0).path("PolicyDocument")
        .path("Statement");

    assertThat(stateMachine().path("Properties").path("RoleArn").path("Fn::GetAtt").get(0).asText())
        .isEqualTo("FanOutStateMachineRole");
    assertThat(actions(statements)).isEqualTo(needed);
    assertThat(statements).hasSize(1);
    assertThat(statements.get(0).path("Resource").toString())
        .isEqualTo("[{\"Fn::GetAtt\":[\"LayerkitFunction\",\"Arn\"]},"
            + "{\"Fn::Sub\":\"${LayerkitFunction.Arn}:*\"}]");
    assertThat(role.path("Properties").path("AssumeRolePolicyDocument").path("Statement").get(0)
        .path("Principal").path("Service").asText()).isEqualTo("states.amazonaws.com");
  }

  @Test
  void eventBridgeStartsTheStateMachineWithARoleThatMayOnlyStartIt() {
    JsonNode role = template.path("Resources").path("FanOutStartRole");
    JsonNode statements = role.path("Properties").path("Policies").get(0).path("PolicyDocument")
        .path("Statement");

    assertThat(actions(statements)).containsExactly("states:StartExecution");
    assertThat(statements.get(0).path("Resource").path("Ref").asText())
        .isEqualTo(StateMachineDefinition.RESOURCE);
    for (String rule : List.of("PipelineStartedRule", "ScheduleRule")) {
      JsonNode target = template.path("Resources").path(rule).path("Properties").path("Targets")
          .get(0).path("Fn::If");
      assertThat(target.get(0).asText()).isEqualTo("FansOut");
      assertThat(target.get(1).path("Arn").path("Ref").asText())
          .isEqualTo(StateMachineDefinition.RESOURCE);
      assertThat(target.get(1).path("RoleArn").path("Fn::GetAtt").get(0).asText())
          .isEqualTo("FanOutStartRole");
      assertThat(target.get(2).path("Arn").path("Fn::GetAtt").get(0).asText())
          .isEqualTo("LayerkitFunction");
    }
    assertThat(template.path("Parameters").path("FanOut").path("Default").asText())
        .isEqualTo("false");
    assertThat(stateMachine().path("Condition").asText()).isEqualTo("FansOut");
  }

  private static JsonNode stateMachine() {
    return template.path("Resources").path(StateMachineDefinition.RESOURCE);
  }

  /** Checks one machine (the top level or an item processor) and adds what is wrong. */
  private static void walk(String prefix, JsonNode machine, List<String> problems) {
    JsonNode states = machine.path("States");
    String start = machine.path("StartAt").asText();
    if (!states.has(start)) {
      problems.add(prefix + "StartAt " + start + " is no state");
    }
    Map<String, Set<String>> next = new HashMap<>();
    Set<String> ends = new HashSet<>();
    states.fields().forEachRemaining(entry -> {
      String name = entry.getKey();
      JsonNode state = entry.getValue();
      Set<String> targets = new LinkedHashSet<>();
      String type = state.path("Type").asText();
      if (state.has("Next")) {
        targets.add(state.get("Next").asText());
      }
      state.path("Catch").forEach(c -> targets.add(c.path("Next").asText()));
      state.path("Choices").forEach(c -> targets.add(c.path("Next").asText()));
      if (state.has("Default")) {
        targets.add(state.get("Default").asText());
      }
      boolean terminal = type.equals("Succeed") || type.equals("Fail")
          || state.path("End").asBoolean(false);
      if (terminal) {
        ends.add(name);
      }
      if (!terminal && !state.has("Next") && !type.equals("Choice")) {
        problems.add(prefix + name + " has neither Next nor End");
      }
      if (state.has("Next") && state.path("End").asBoolean(false)) {
        problems.add(prefix + name + " has both Next and End");
      }
      for (String target : targets) {
        if (!states.has(target)) {
          problems.add(prefix + name + " goes to " + target + ", which is no state");
        }
      }
      if (type.equals("Task") || type.equals("Map")) {
        boolean catchesAll = false;
        for (JsonNode c : state.path("Catch")) {
          for (JsonNode e : c.path("ErrorEquals")) {
            catchesAll |= e.asText().equals("States.ALL");
          }
        }
        if (!catchesAll) {
          problems.add(prefix + name + " has no Catch for States.ALL");
        }
      }
      if (type.equals("Task")) {
        Set<String> retried = new HashSet<>();
        state.path("Retry").forEach(r -> r.path("ErrorEquals").forEach(e -> retried.add(e.asText())));
        if (!retried.containsAll(LAMBDA_SERVICE_ERRORS)) {
          problems.add(prefix + name + " does not retry Lambda's service errors");
        }
      }
      if (type.equals("Map")) {
        walk(prefix + name + "/", state.path("ItemProcessor"), problems);
      }
      next.put(name, targets);
    });
    Set<String> reachable = reach(Set.of(start), next);
    states.fieldNames().forEachRemaining(name -> {
      if (!reachable.contains(name)) {
        problems.add(prefix + name + " cannot be reached from " + start);
      }
      if (reach(Set.of(name), next).stream().noneMatch(ends::contains)) {
        problems.add(prefix + name + " never reaches an end");
      }
    });
  }

  private static Set<String> reach(Set<String> from, Map<String, Set<String>> next) {
    Set<String> seen = new HashSet<>(from);
    Deque<String> todo = new ArrayDeque<>(from);
    while (!todo.isEmpty()) {
      for (String target : next.getOrDefault(todo.pop(), Set.of())) {
        if (seen.add(target)) {
          todo.push(target);
        }
      }
    }
    return seen;
  }

  private static void collectTasks(JsonNode machine, List<JsonNode> tasks) {
    machine.path("States").forEach(state -> {
      if (state.path("Type").asText().equals("Task")) {
        tasks.add(state);
      }
      if (state.has("ItemProcessor")) {
        collectTasks(state.get("ItemProcessor"), tasks);
      }
    });
  }

  private static Set<String> actions(JsonNode statements) {
    Set<String> actions = new TreeSet<>();
    for (JsonNode statement : statements) {
      JsonNode action = statement.path("Action");
      if (action.isArray()) {
        action.forEach(a -> actions.add(a.asText()));
      } else {
        actions.add(action.asText());
      }
    }
    return actions;
  }
}
