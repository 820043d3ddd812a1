package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The fan-out's three events as the state machine delivers them, and what is refused. */
class FanOutEventParserTest {

  private static final String COMMIT = "9f2c4e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
  private final EventParser parser = new EventParser(new ObjectMapper());

  private LambdaEvent parse(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anItemExactlyAsTheMapDeliversIt() {
    LambdaEvent event = parse("{\"commit\": \"" + COMMIT + "\", \"package\": \"requests\","
        + " \"region\": \"eu-west-1\"}");

    assertThat(event).isEqualTo(new LambdaEvent.FanOutItem(COMMIT, "requests",
        Optional.empty(), "eu-west-1", OptionalInt.empty()));
  }

  @Test
  void anItemWithItsFolderAndLoweredConcurrency() {
    LambdaEvent.FanOutItem item = (LambdaEvent.FanOutItem) parse("{\"commit\": \"" + COMMIT
        + "\", \"package\": \"jq\", \"path\": \"lambda/layers/jq\", \"region\": \"us-gov-west-1\","
        + " \"concurrency\": 4}");

    assertThat(item.path()).contains("lambda/layers/jq");
    assertThat(item.concurrency()).hasValue(4);
    assertThat(item.region()).isEqualTo("us-gov-west-1");
  }

  @Test
  void anItemNeverTakesABranchForItsCommit() {
    assertThatThrownBy(() -> parse("{\"commit\": \"main\", \"package\": \"requests\","
        + " \"region\": \"eu-west-1\"}"))
        .isInstanceOf(EventException.class)
        .hasMessage("the fan-out item's \"commit\" 'main' is not a full commit id: an item builds"
            + " the commit the resolve task pinned, never a branch or tag");
  }

  @Test
  void anItemWithABadRegionOrAnUnknownFieldIsRefusedInOneLine() {
    assertThatThrownBy(() -> parse("{\"commit\": \"" + COMMIT + "\", \"package\": \"requests\","
        + " \"region\": \"Europe\"}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("the fan-out item's \"region\" 'Europe' is not an AWS region name such as"
            + " eu-west-1");
    assertThatThrownBy(() -> parse("{\"commit\": \"" + COMMIT + "\", \"package\": \"requests\","
        + " \"region\": \"eu-west-1\", \"ref\": \"main\"}"))
        .isInstanceOf(EventException.class)
        .hasMessageStartingWith("the fan-out item has an unknown field 'ref'");
  }

  @Test
  void theResolveTaskCarriesTheExecutionInputAndTheTemplatesConcurrency() {
    LambdaEvent.FanOutResolve resolve = (LambdaEvent.FanOutResolve) parse("{\"fanOut\": \"resolve\","
        + " \"input\": {\"packages\": [\"lambda/layers/jq\"], \"ref\": \"v1.2.0\", \"codePipelineJob\":"
        + " {\"id\": \"11111111-2222-3333-4444-555555555555\"}}, \"maxConcurrency\": \"8\"}");

    assertThat(resolve.maxConcurrency()).isEqualTo(8);
    assertThat(resolve.codePipelineJobId()).contains("11111111-2222-3333-4444-555555555555");
    assertThat(resolve.input()).isInstanceOf(LambdaEvent.DirectInvocation.class);
    assertThat(((LambdaEvent.DirectInvocation) resolve.input()).override().ref()).contains("v1.2.0");
  }

  @Test
  void theResolveTaskReadsAPipelineStartedEventAsTheFunctionDoes() throws Exception {
    String started = new String(EventParserTest.sample("eventbridge-pipeline-started.json"),
        StandardCharsets.UTF_8);

    LambdaEvent.FanOutResolve resolve = (LambdaEvent.FanOutResolve) parse(
        "{\"fanOut\": \"resolve\", \"input\": " + started + ", \"maxConcurrency\": 8}");

    assertThat(resolve.input()).isInstanceOf(LambdaEvent.PipelineExecutionStarted.class);
  }

  @Test
  void theStateMachineCannotBeStartedWithACodePipelineJobEvent() throws Exception {
    String job = new String(EventParserTest.sample("codepipeline-job.json"), StandardCharsets.UTF_8);

    assertThatThrownBy(() -> parse("{\"fanOut\": \"resolve\", \"input\": " + job + "}"))
        .isInstanceOf(EventException.class)
        .hasMessageStartingWith("the fan-out state machine was started with CodePipeline job ");
  }

  @Test
  void unknownTasksAndMalformedConcurrencyAreRefused() {
    assertThatThrownBy(() -> parse("{\"fanOut\": \"merge\"}"))
        .hasMessage("unknown fanOut task 'merge': the state machine sends \"resolve\" or"
            + " \"aggregate\"");
    assertThatThrownBy(() -> parse("{\"fanOut\": \"resolve\", \"input\": {}, \"maxConcurrency\": 0}"))
        .hasMessage("the fan-out event's \"maxConcurrency\" '0' is not a whole number from 1 to"
            + " 1000");
    assertThatThrownBy(() -> parse("{\"fanOut\": \"resolve\"}"))
        .hasMessageStartingWith("the fan-out resolve event has no \"input\" object");
  }

  @Test
  void theAggregateKeepsTheWholeStateForTheReport() {
    LambdaEvent event = parse("{\"fanOut\": \"aggregate\", \"input\": {}, \"results\": []}");

    assertThat(event).isInstanceOf(LambdaEvent.FanOutAggregate.class);
    assertThat(((LambdaEvent.FanOutAggregate) event).state().has("results")).isTrue();
  }
}
