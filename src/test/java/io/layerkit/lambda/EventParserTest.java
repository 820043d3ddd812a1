package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventParserTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private final EventParser parser = new EventParser(JSON);

  static byte[] sample(String name) throws IOException {
    try (InputStream in = EventParserTest.class.getResourceAsStream("/events/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void theDocumentedCodePipelineJobIsAJobWhoseCredentialsAreNotKept() throws IOException {
    LambdaEvent event = parser.parse(sample("codepipeline-job-docs-example.json"));

    assertThat(event).isEqualTo(new LambdaEvent.CodePipelineJob(
        "11111111-abcd-1111-abcd-111111abcdef", "111111111111",
        Optional.of("some-input-such-as-a-URL"),
        Optional.of("A continuation token if continuing job")));
    assertThat(event.toString()).doesNotContain(SECRET_KEY, "AKIAIOSFODNN7EXAMPLE", "MIICiTCC");
    assertThat(event.describe()).isEqualTo(
        "CodePipeline job 11111111-abcd-1111-abcd-111111abcdef (continued)");
  }

  @Test
  void aJobWithJsonUserParameters() throws IOException {
    LambdaEvent.CodePipelineJob job =
        (LambdaEvent.CodePipelineJob) parser.parse(sample("codepipeline-job.json"));

    assertThat(job.jobId()).isEqualTo("c0d3c0d3-0b1d-4d2e-9f10-aa11bb22cc33");
    assertThat(job.userParameters()).contains(
        "{\"packages\": [\"lambda/layers/requests\", \"lambda/layers/tools\"]}");
    assertThat(job.continuationToken()).isEmpty();
  }

  @Test
  void aJobWithoutAValidIdCannotBeReportedAndIsRefused() throws IOException {
    ObjectNode event = (ObjectNode) JSON.readTree(sample("codepipeline-job.json"));
    ((ObjectNode) event.get("CodePipeline.job")).put("id", "not-a-job");

    assertThatThrownBy(() -> parser.parse(JSON.writeValueAsBytes(event)))
        .isInstanceOf(EventException.class)
        .hasMessageContaining("no valid \"id\"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET_KEY));
  }

  @Test
  void thePipelineStartedEvent() throws IOException {
    assertThat(parser.parse(sample("eventbridge-pipeline-started.json"))).isEqualTo(
        new LambdaEvent.PipelineExecutionStarted("Custom-Control-Tower-CodePipeline",
            "01234567-0123-0123-0123-012345678901", "6a7e8feb-b491-4cf7-a9f1-bf3703467718"));
  }

  @Test
  void anotherPipelineStateIsRefusedWithTheRuleToFix() throws IOException {
    ObjectNode event = (ObjectNode) JSON.readTree(sample("eventbridge-pipeline-started.json"));
    ((ObjectNode) event.get("detail")).put("state", "SUCCEEDED");

    assertThatThrownBy(() -> parser.parse(JSON.writeValueAsBytes(event)))
        .isInstanceOf(EventException.class)
        .hasMessageContaining("is in state SUCCEEDED")
        .hasMessageContaining("\"state\": [\"STARTED\"]");
  }

  @Test
  void theScheduledEvent() throws IOException {
    assertThat(parser.parse(sample("eventbridge-scheduled.json"))).isEqualTo(
        new LambdaEvent.Scheduled("arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule",
            "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa"));
  }

  @Test
  void aDirectInvocationOverridesPackagesAndRef() throws IOException {
    assertThat(parser.parse(sample("direct-invocation.json"))).isEqualTo(
        new LambdaEvent.DirectInvocation(new RunOverride("the invocation payload",
            Optional.of(List.of("lambda/layers/requests")), Optional.of("main"))));
  }

  @Test
  void anEmptyPayloadIsADirectInvocationOfTheConfiguredPackages() {
    assertThat(parser.parse(new byte[0]))
        .isEqualTo(new LambdaEvent.DirectInvocation(RunOverride.NONE));
    assertThat(parser.parse("{}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new LambdaEvent.DirectInvocation(RunOverride.NONE));
  }

  @Test
  void anotherEventBridgeEventIsRefused() {
    byte[] s3Event = ("{\"version\":\"0\",\"id\":\"x\",\"detail-type\":\"Object Created\","
        + "\"source\":\"aws.s3\",\"detail\":{}}").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> parser.parse(s3Event))
        .isInstanceOf(EventException.class)
        .hasMessageStartingWith("unsupported EventBridge event 'Object Created' from aws.s3");
  }

  @Test
  void anUnknownEventNamesItsFieldsButNoValues() {
    byte[] sqs = "{\"Records\":[{\"body\":\"password=hunter2\"}]}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> parser.parse(sqs))
        .isInstanceOf(EventException.class)
        .hasMessageStartingWith("unrecognised event with fields [Records]: expected")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  void brokenJsonIsRefusedWithoutQuotingIt() {
    byte[] broken = "{\"secretAccessKey\": \"abc123SECRET".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> parser.parse(broken))
        .isInstanceOf(EventException.class)
        .hasMessageStartingWith("the event is not valid JSON (line 1")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abc123SECRET"));
    assertThatThrownBy(() -> parser.parse("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("the event is not a JSON object");
  }

  @Test
  void aDirectInvocationWithBadValuesNamesTheField() {
    assertThatThrownBy(() -> parser.parse("{\"packages\": \"a\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("the invocation payload field \"packages\" must be an array of folder paths");
    assertThatThrownBy(() -> parser.parse("{\"ref\": 5}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("the invocation payload field \"ref\" must be");
    // the values themselves are the resolver's, as every setting's
    assertThat(((RunOverride) ((LambdaEvent.DirectInvocation) parser.parse(
        "{\"ref\": \"a b\", \"packages\": [\"x.y=layers/x\"]}".getBytes(StandardCharsets.UTF_8)))
        .override()).overrides().get(io.layerkit.config.Setting.REF).orElseThrow().name())
        .isEqualTo("the invocation payload \"ref\"");
  }
}
