package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionNotFoundException;

/** The commit of a pipeline execution comes from GetPipelineExecution's artifact revisions. */
class PipelineCommitsAgainstWireMockTest {

  @RegisterExtension
  static final CodePipelineApi api = new CodePipelineApi();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PIPELINE = "Custom-Control-Tower-CodePipeline";
  private static final String EXECUTION = "01234567-0123-0123-0123-012345678901";
  private static final String COMMIT = "9f2c4e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";

  private CodePipelineClient client;
  private PipelineCommits commits;

  @BeforeEach
  void connect() {
    client = api.client();
    commits = new PipelineCommits(client);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void theBitbucketRevisionOfTheExecutionIsItsCommit() {
    api.answer("GetPipelineExecution", CodePipelineApi.fixture("get-pipeline-execution.json"));

    assertThat(commits.commitOf(PIPELINE, EXECUTION, "acme", "cfct-config")).contains(COMMIT);
    JsonNode request = api.requests("GetPipelineExecution").get(0);
    assertThat(request.path("pipelineName").asText()).isEqualTo(PIPELINE);
    assertThat(request.path("pipelineExecutionId").asText()).isEqualTo(EXECUTION);
  }

  @Test
  void anS3SourceHasNoCommit() throws IOException {
    ObjectNode body = (ObjectNode) JSON.readTree(CodePipelineApi.fixture("get-pipeline-execution.json"));
    ObjectNode revision = (ObjectNode) body.path("pipelineExecution").path("artifactRevisions").get(0);
    revision.put("revisionId", "3x1hrQ4r2Bq0RX3tZ3ZzK.example.versionId");
    revision.remove("revisionUrl");
    api.answer("GetPipelineExecution", body.toString());

    assertThat(commits.commitOf(PIPELINE, EXECUTION, "acme", "cfct-config")).isEmpty();
  }

  @Test
  void amongSeveralGitSourcesTheConfiguredRepositoryWins() throws IOException {
    ObjectNode body = (ObjectNode) JSON.readTree(CodePipelineApi.fixture("get-pipeline-execution.json"));
    ArrayNode revisions = (ArrayNode) body.path("pipelineExecution").path("artifactRevisions");
    ObjectNode other = revisions.get(0).deepCopy();
    other.put("name", "OtherSource");
    other.put("revisionId", "1111111111111111111111111111111111111111");
    other.put("revisionUrl", "https://bitbucket.org/acme/other-repo/commits/1111111111111111111111111111111111111111");
    revisions.insert(0, other);
    api.answer("GetPipelineExecution", body.toString());

    assertThat(commits.commitOf(PIPELINE, EXECUTION, "acme", "cfct-config")).contains(COMMIT);
    assertThatThrownBy(() -> commits.commitOf(PIPELINE, EXECUTION, "acme", "third-repo"))
        .isInstanceOf(EventException.class)
        .hasMessageContaining("has 2 Git source revisions ([OtherSource, SourceArtifact])");
  }

  @Test
  void anUnknownExecutionIsTheServiceError() {
    api.fail("GetPipelineExecution", 400, "PipelineExecutionNotFoundException",
        "Pipeline execution not found");

    assertThatThrownBy(() -> commits.commitOf(PIPELINE, EXECUTION, "acme", "cfct-config"))
        .isInstanceOf(PipelineExecutionNotFoundException.class);
  }
}
