package io.layerkit.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.provenance.BuildRecord;
import io.layerkit.provenance.Envelope;
import io.layerkit.provenance.ProvenanceStatement;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The function beside a Customizations for Control Tower pipeline, end to end: EventBridge's
 * STARTED event (the documented sample) builds the commit the pipeline runs with, a second
 * delivery of the same event does nothing, and scheduled and direct invocations build what they
 * ask for. Bitbucket and the CodePipeline API on WireMock, S3 and SSM on moto_server.
 */
class PipelineEventsThroughBitbucketToAwsTest {

  @RegisterExtension static final FunctionServers SERVERS = new FunctionServers();

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The commit the pipeline execution runs with (the GetPipelineExecution fixture's). */
  private static final String PIPELINE_COMMIT = "9f2c4e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
  /** Where the branch points by the time the function runs. */
  private static final String BRANCH_HEAD = "e7d158ff7ed5538c28f94cd97a9ad569680fc94e";

  private FunctionRig rig;

  @BeforeEach
  void setUp() {
    rig = SERVERS.rig();
    rig.bitbucket.repository("main");
    rig.bitbucket.branch("main", BRANCH_HEAD);
    rig.bitbucket.commit(PIPELINE_COMMIT, PIPELINE_COMMIT);
    rig.bitbucket.commit(BRANCH_HEAD, BRANCH_HEAD);
    rig.bitbucket.tree(PIPELINE_COMMIT, FunctionRig.layers(), 100);
    rig.bitbucket.tree(BRANCH_HEAD, FunctionRig.layers()
        .file("lambda/layers/requests/python/requests/sessions.py", "class Session: pass\n"), 100);
    rig.codePipeline.answer("GetPipelineExecution",
        CodePipelineApi.fixture("get-pipeline-execution.json"));
  }

  @Test
  void theStartedEventBuildsTheCommitThePipelineRunsWith() throws Exception {
    JsonNode report = rig.invoke(rig.container(),
        EventParserTest.sample("eventbridge-pipeline-started.json"),
        InvocationContext.plenty("21f0a7de-3c44-4b7e-8c1a-9d2e3f4a5b6c"));

    assertThat(report.path("ok").asBoolean()).isTrue();
    assertThat(report.path("commit").asText()).isEqualTo(PIPELINE_COMMIT);
    assertThat(report.path("packages")).extracting(p -> p.path("status").asText())
        .containsExactly("created", "created");
    assertThat(report.path("packages").get(0).path("files").asInt())
        .as("the pipeline's commit, without the file added on the branch since").isEqualTo(2);
    JsonNode asked = rig.codePipeline.requests("GetPipelineExecution").get(0);
    assertThat(asked.path("pipelineName").asText()).isEqualTo("Custom-Control-Tower-CodePipeline");
    assertThat(asked.path("pipelineExecutionId").asText())
        .isEqualTo("01234567-0123-0123-0123-012345678901");
    JsonNode release = JSON.readTree(rig.ssm.getParameter(b -> b.name("/layerkit/requests/release"))
        .parameter().value());
    assertThat(release.path("commit").asText()).isEqualTo(PIPELINE_COMMIT);
    // the provenance beside the zip names the function and this invocation as its builder
    byte[] provenance = rig.s3.getObjectAsBytes(b -> b.bucket(FunctionRig.BUCKET)
        .key(release.path("provenanceKey").asText())).asByteArray();
    BuildRecord build = ProvenanceStatement.parse(
        Envelope.parseLines(provenance).get(0).payload());
    assertThat(build.builderId())
        .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:layerkit-test");
    assertThat(build.invocationId()).isEqualTo("21f0a7de-3c44-4b7e-8c1a-9d2e3f4a5b6c");
    assertThat(build.source()).isEqualTo("bitbucket://" + FunctionRig.WORKSPACE + "/"
        + FunctionRig.REPOSITORY);
    assertThat(build.repository()).contains("git+https://bitbucket.org/" + FunctionRig.WORKSPACE
        + "/" + FunctionRig.REPOSITORY + ".git");
    assertThat(build.commit()).contains(PIPELINE_COMMIT);
    assertThat(rig.storedKeys()).contains(
        "layers/.layerkit/executions/Custom-Control-Tower-CodePipeline/"
            + "01234567-0123-0123-0123-012345678901.json");
    assertThat(rig.logLines()).anySatisfy(line -> assertThat(line.path("message").asText())
        .isEqualTo("pipeline Custom-Control-Tower-CodePipeline execution "
            + "01234567-0123-0123-0123-012345678901 runs commit " + PIPELINE_COMMIT));
  }

  @Test
  void theSameExecutionDeliveredAgainToAnotherContainerIsANoOp() throws Exception {
    byte[] event = EventParserTest.sample("eventbridge-pipeline-started.json");
    rig.invoke(rig.container(), event, InvocationContext.plenty("21f0a7de-3c44-4b7e-8c1a-9d2e3f4a5b6c"));
    var storedAfterFirst = rig.storedKeys();
    SERVERS.bitbucket.resetRequests();

    JsonNode again = rig.invoke(rig.container(), event,
        InvocationContext.plenty("5b6c7d8e-0000-4000-8000-000000000002"));

    assertThat(again.path("duplicate").asBoolean()).isTrue();
    assertThat(again.path("ok").asBoolean()).isTrue();
    assertThat(again.path("packages")).isEmpty();
    assertThat(rig.storedKeys()).isEqualTo(storedAfterFirst);
    assertThat(rig.codePipeline.requests("GetPipelineExecution")).hasSize(1);
    SERVERS.bitbucket.verify(0, getRequestedFor(urlMatching(".*")));
    assertThat(rig.logLines()).anySatisfy(line -> assertThat(line.path("message").asText())
        .endsWith("is already handled by request 21f0a7de-3c44-4b7e-8c1a-9d2e3f4a5b6c: nothing to do"));
  }

  @Test
  void packagesOfAnExecutionThatDidNotFitAreBuiltByLambdasRetry() throws Exception {
    byte[] event = EventParserTest.sample("eventbridge-pipeline-started.json");
    // time for one package, not for two
    InvocationContext tight = new InvocationContext("21f0a7de-3c44-4b7e-8c1a-9d2e3f4a5b6c",
        () -> (int) TimeBudget.DEFAULT_RESERVE.toMillis());

    assertThatThrownBy(() -> rig.invoke(rig.container(), event, tight))
        .as("a failed invocation is what makes Lambda retry it")
        .isInstanceOf(LayerkitFunctionException.class)
        .hasMessageStartingWith("1 of 2 packages of pipeline Custom-Control-Tower-CodePipeline "
            + "execution 01234567-0123-0123-0123-012345678901 did not fit in this invocation");
    assertThat(rig.storedZips())
        .singleElement().asString().startsWith("layers/requests/");

    // Lambda's retry, a minute later
    JsonNode retry = rig.invoke(rig.container(), event,
        InvocationContext.plenty("5b6c7d8e-0000-4000-8000-000000000002"));

    assertThat(retry.path("ok").asBoolean()).isTrue();
    assertThat(retry.path("commit").asText()).isEqualTo(PIPELINE_COMMIT);
    assertThat(retry.path("packages")).extracting(p -> p.path("status").asText())
        .containsExactly("unchanged", "created");
    assertThat(rig.storedZips()).hasSize(2);
    JsonNode again = rig.invoke(rig.container(), event,
        InvocationContext.plenty("6c7d8e9f-0000-4000-8000-000000000003"));
    assertThat(again.path("duplicate").asBoolean()).isTrue();
  }

  @Test
  void aScheduledEventBuildsTheBranchHead() throws Exception {
    JsonNode report = rig.invoke(rig.container(), EventParserTest.sample("eventbridge-scheduled.json"),
        InvocationContext.plenty("6c7d8e9f-0000-4000-8000-000000000003"));

    assertThat(report.path("commit").asText()).isEqualTo(BRANCH_HEAD);
    assertThat(report.path("packages").get(0).path("files").asInt()).isEqualTo(3);
    assertThat(rig.codePipeline.requests("GetPipelineExecution")).isEmpty();
  }

  @Test
  void aDirectInvocationBuildsTheFoldersAndRefItNames() throws Exception {
    byte[] event = ("{\"packages\": [\"lambda/layers/tools\"], \"ref\": \"" + PIPELINE_COMMIT + "\"}")
        .getBytes(StandardCharsets.UTF_8);

    JsonNode report = rig.invoke(rig.container(), event,
        InvocationContext.plenty("7d8e9f00-0000-4000-8000-000000000004"));

    assertThat(report.path("commit").asText()).isEqualTo(PIPELINE_COMMIT);
    assertThat(report.path("packages")).extracting(p -> p.path("package").asText())
        .containsExactly("tools");
    assertThat(rig.storedZips()).singleElement().asString().startsWith("layers/tools/tools-");
  }

  @Test
  void packagesWithoutTimeLeftAreReportedNotStarted() throws Exception {
    JsonNode report = rig.invoke(rig.container(), EventParserTest.sample("eventbridge-scheduled.json"),
        new InvocationContext("8e9f0011-0000-4000-8000-000000000005", () -> 1_000));

    assertThat(report.path("ok").asBoolean()).isFalse();
    assertThat(report.path("packages").get(0).path("status").asText()).isEqualTo("created");
    assertThat(report.path("packages").get(1).path("status").asText()).isEqualTo("failed");
    assertThat(report.path("packages").get(1).path("error").asText())
        .startsWith("not started: the invocation ran out of time after 1 packages");
    assertThat(rig.storedZips()).singleElement().asString().startsWith("layers/requests/");
  }
}
