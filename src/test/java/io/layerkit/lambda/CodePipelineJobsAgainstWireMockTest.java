package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.FailureType;
import software.amazon.awssdk.services.codepipeline.model.InvalidJobStateException;

/** The job results reach the CodePipeline JSON API in the shapes its reference gives. */
class CodePipelineJobsAgainstWireMockTest {

  @RegisterExtension
  static final CodePipelineApi api = new CodePipelineApi();

  private static final String JOB = "c0d3c0d3-0b1d-4d2e-9f10-aa11bb22cc33";

  private CodePipelineClient client;
  private CodePipelineJobs jobs;

  @BeforeEach
  void connect() {
    client = api.client();
    jobs = new CodePipelineJobs(client);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void successCarriesOutputVariablesAndExecutionDetails() {
    api.acceptJobResults();
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("commit", "9f2c4e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e");
    variables.put("requests_key", "layers/requests/requests-20261123223500.zip");

    jobs.succeed(JOB, variables, "2 packages at commit 9f2c4e1d8b7a: 2 created", "req-1");

    JsonNode body = api.requests("PutJobSuccessResult").get(0);
    assertThat(body.path("jobId").asText()).isEqualTo(JOB);
    assertThat(body.path("outputVariables").path("requests_key").asText())
        .isEqualTo("layers/requests/requests-20261123223500.zip");
    assertThat(body.path("executionDetails").path("summary").asText())
        .isEqualTo("2 packages at commit 9f2c4e1d8b7a: 2 created");
    assertThat(body.path("executionDetails").path("externalExecutionId").asText()).isEqualTo("req-1");
    assertThat(body.path("executionDetails").path("percentComplete").asInt()).isEqualTo(100);
    assertThat(body.has("continuationToken")).isFalse();
  }

  @Test
  void aContinuationSendsTheTokenAndNoOutputVariables() {
    api.acceptJobResults();

    jobs.continueLater(JOB, "{\"v\":1}", "1 of 2 packages done", 50, "req-1");

    JsonNode body = api.requests("PutJobSuccessResult").get(0);
    assertThat(body.path("continuationToken").asText()).isEqualTo("{\"v\":1}");
    assertThat(body.has("outputVariables")).as("the API refuses variables with a token").isFalse();
    assertThat(body.path("executionDetails").path("percentComplete").asInt()).isEqualTo(50);
  }

  @Test
  void aFailureCarriesTypeMessageAndTheRequestId() {
    api.acceptJobResults();

    jobs.fail(JOB, FailureType.JOB_FAILED, "1 of 2 packages failed", "req-1");

    JsonNode details = api.requests("PutJobFailureResult").get(0).path("failureDetails");
    assertThat(api.requests("PutJobFailureResult").get(0).path("jobId").asText()).isEqualTo(JOB);
    assertThat(details.path("type").asText()).isEqualTo("JobFailed");
    assertThat(details.path("message").asText()).isEqualTo("1 of 2 packages failed");
    assertThat(details.path("externalExecutionId").asText()).isEqualTo("req-1");
  }

  @Test
  void aLongSummaryIsCutToTheApiLimit() {
    api.acceptJobResults();

    jobs.succeed(JOB, Map.of(), "x".repeat(5000), "req-1");

    assertThat(api.requests("PutJobSuccessResult").get(0).path("executionDetails")
        .path("summary").asText()).hasSize(CodePipelineJobs.MAX_SUMMARY);
  }

  @Test
  void aSummaryCutAtAnEmojiKeepsItWholeOrDropsIt() {
    api.acceptJobResults();
    // the cut falls between the two halves of the emoji's surrogate pair
    String summary = "x".repeat(CodePipelineJobs.MAX_SUMMARY - 4) + "\uD83D\uDE00".repeat(10);

    jobs.succeed(JOB, Map.of(), summary, "req-1");

    String sent = api.requests("PutJobSuccessResult").get(0).path("executionDetails")
        .path("summary").asText();
    assertThat(sent).hasSizeLessThanOrEqualTo(CodePipelineJobs.MAX_SUMMARY).endsWith("...")
        .startsWith("x".repeat(CodePipelineJobs.MAX_SUMMARY - 4));
    assertThat(sent.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF))
        .as("no half of a surrogate pair").isTrue();
  }

  @Test
  void aJobIsEndedOnceAndARefusedReportDoesNotCountAsOne() {
    api.fail("PutJobSuccessResult", 400, "ValidationException",
        "1 validation error detected: Value at 'outputVariables' failed to satisfy constraint");
    api.answer("PutJobFailureResult", "{}");
    JobOutcome outcome = new JobOutcome(jobs, JOB, "req-1",
        new JsonLog(new PrintStream(OutputStream.nullOutputStream()), new JsonFactory(), "req-1"));

    assertThatThrownBy(() -> outcome.succeed(Map.of("commit", "9f2c4e1d"), "done"))
        .isInstanceOf(software.amazon.awssdk.services.codepipeline.model.ValidationException.class);
    assertThat(outcome.reported()).isEmpty();
    assertThat(outcome.fail(FailureType.JOB_FAILED, "output variables refused")).isTrue();
    assertThat(outcome.fail(FailureType.JOB_FAILED, "a second failure")).isFalse();
    assertThat(outcome.succeed(Map.of(), "late")).isFalse();

    assertThat(outcome.reported()).contains("failed");
    assertThat(api.requests("PutJobFailureResult")).singleElement().satisfies(body ->
        assertThat(body.path("failureDetails").path("message").asText())
            .isEqualTo("output variables refused"));
  }

  @Test
  void aServiceErrorSurfacesAsTheSdkException() {
    api.fail("PutJobSuccessResult", 400, "InvalidJobStateException",
        "Job c0d3c0d3 is in state Succeeded");

    assertThatThrownBy(() -> jobs.succeed(JOB, Map.of(), "done", "req-1"))
        .isInstanceOf(InvalidJobStateException.class);
  }
}
