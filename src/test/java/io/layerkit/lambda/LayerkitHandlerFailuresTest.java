package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Invocations that fail before any package runs: a CodePipeline job still ends with
 * PutJobFailureResult, anything else fails the invocation with one line, and the job event's
 * credentials appear nowhere. CodePipeline is the JSON API on WireMock.
 */
class LayerkitHandlerFailuresTest {

  @RegisterExtension
  static final CodePipelineApi api = new CodePipelineApi();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CREDENTIALS = List.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "AKIAIOSFODNN7EXAMPLE", "MIICiTCCAfICCQD6m7oRw0uXOjANBgkqhkiG9w0BAQUFADCBiDELMAkGA1UEBhMC");

  private final FunctionContainers containers = new FunctionContainers();
  private SdkSystemProperties sdk;

  @BeforeEach
  void pointTheSdkAtWireMock() {
    api.acceptJobResults();
    // Every service at WireMock: CodePipeline answers; SSM, asked for the token only when a
    // failure message is built, gets a 404; S3 is never reached before a package runs.
    sdk = SdkSystemProperties.pointAt(api.baseUrl(), api.baseUrl());
  }

  @AfterEach
  void restore() {
    containers.close();
    sdk.close();
  }

  private JsonNode invoke(LayerkitHandler handler, byte[] event) throws IOException {
    return containers.invoke(handler, event,
        InvocationContext.plenty("9d0b8a41-1c3e-4a55-8e8f-2f3c4b5a6d7e"));
  }

  @Test
  void theDocumentedJobWithPlainTextUserParametersEndsInAConfigurationError() throws IOException {
    JsonNode response = invoke(containers.start(LambdaEnvironmentTest.minimal()),
        EventParserTest.sample("codepipeline-job-docs-example.json"));

    assertThat(api.requests("PutJobSuccessResult")).isEmpty();
    assertThat(api.requests("PutJobFailureResult")).hasSize(1);
    JsonNode failure = api.requests("PutJobFailureResult").get(0);
    assertThat(failure.path("jobId").asText()).isEqualTo("11111111-abcd-1111-abcd-111111abcdef");
    assertThat(failure.path("failureDetails").path("type").asText()).isEqualTo("ConfigurationError");
    assertThat(failure.path("failureDetails").path("message").asText())
        .startsWith("UserParameters is not JSON");
    assertThat(failure.path("failureDetails").path("externalExecutionId").asText())
        .isEqualTo("9d0b8a41-1c3e-4a55-8e8f-2f3c4b5a6d7e");
    assertThat(response.path("ok").asBoolean()).isFalse();
    assertThat(response.path("job").path("result").asText()).isEqualTo("failed");
  }

  @Test
  void aJobEventsCredentialsReachNoLogLineAndNoRequest() throws IOException {
    invoke(containers.start(LambdaEnvironmentTest.minimal()),
        EventParserTest.sample("codepipeline-job-docs-example.json"));

    String logText = containers.logText();
    for (String credential : CREDENTIALS) {
      assertThat(logText).doesNotContain(credential);
      assertThat(api.allRequestText()).doesNotContain(credential);
    }
    assertThat(containers.logLines()).isNotEmpty().allSatisfy(line -> {
      assertThat(line.path("requestId").asText()).isEqualTo("9d0b8a41-1c3e-4a55-8e8f-2f3c4b5a6d7e");
      assertThat(line.path("level").asText()).isIn("INFO", "WARN", "ERROR");
      assertThat(line.has("message")).isTrue();
    });
  }

  @Test
  void aJobWithAMissingVariableStillEndsNamingIt() throws IOException {
    Map<String, String> variables = new java.util.HashMap<>(LambdaEnvironmentTest.minimal());
    variables.remove("BUCKET_NAME");

    invoke(containers.start(variables), EventParserTest.sample("codepipeline-job.json"));

    JsonNode details = api.requests("PutJobFailureResult").get(0).path("failureDetails");
    assertThat(details.path("type").asText()).isEqualTo("ConfigurationError");
    assertThat(details.path("message").asText()).startsWith("BUCKET_NAME is not set");
    assertThat(api.requests("PutJobSuccessResult")).isEmpty();
  }

  @Test
  void aForeignContinuationTokenEndsTheJob() throws IOException {
    byte[] event = EventParserTest.sample("codepipeline-job.json");
    JsonNode tree = JSON.readTree(event);
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("CodePipeline.job").path("data"))
        .put("continuationToken", "A continuation token if continuing job");

    invoke(containers.start(LambdaEnvironmentTest.minimal()), JSON.writeValueAsBytes(tree));

    assertThat(api.requests("PutJobFailureResult").get(0).path("failureDetails").path("message")
        .asText()).isEqualTo("the job's continuation token is not one this function wrote");
  }

  @Test
  void aJobAnEarlierInvocationAlreadyEndedIsNotReportedAgainNorRetried() throws IOException {
    // Lambda retries an invocation it stopped at its timeout, after the job was reported failed
    api.fail("PutJobFailureResult", 400, "InvalidJobStateException",
        "Job 11111111-abcd-1111-abcd-111111abcdef is not in progress");

    JsonNode response = invoke(containers.start(LambdaEnvironmentTest.minimal()),
        EventParserTest.sample("codepipeline-job-docs-example.json"));

    assertThat(api.requests("PutJobFailureResult")).hasSize(1);
    assertThat(response.path("job").path("result").asText()).isEqualTo("already ended");
    assertThat(containers.logLines()).anySatisfy(line -> assertThat(line.path("message").asText())
        .startsWith("job 11111111-abcd-1111-abcd-111111abcdef is no longer in progress"));
  }

  @Test
  void anUnknownEventFailsTheInvocationWithOneLine() throws IOException {
    LayerkitHandler handler = containers.start(LambdaEnvironmentTest.minimal());
    byte[] sqs = "{\"Records\":[{\"body\":\"hello\"}]}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> invoke(handler, sqs))
        .isInstanceOf(LayerkitFunctionException.class)
        .hasMessageStartingWith("unrecognised event with fields [Records]");
    assertThat(containers.logLines()).singleElement().satisfies(line -> {
      assertThat(line.path("level").asText()).isEqualTo("ERROR");
      assertThat(line.path("message").asText()).startsWith("unrecognised event");
    });
    assertThat(api.requests("PutJobFailureResult")).isEmpty();
  }

  @Test
  void aScheduledEventWithABadVariableFailsTheInvocationNamingIt() throws IOException {
    Map<String, String> variables = new java.util.HashMap<>(LambdaEnvironmentTest.minimal());
    variables.put("PUBLISH_LAYERS", "maybe");
    LayerkitHandler handler = containers.start(variables);
    byte[] event = EventParserTest.sample("eventbridge-scheduled.json");

    assertThatThrownBy(() -> invoke(handler, event))
        .isInstanceOf(LayerkitFunctionException.class)
        .hasMessage("PUBLISH_LAYERS 'maybe' is not a boolean: set it to true or false");
  }
}
