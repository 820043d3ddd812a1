package io.layerkit.lambda;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ArtifactRevision;
import software.amazon.awssdk.services.codepipeline.model.GetPipelineExecutionRequest;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecution;

/**
 * Finds the commit a pipeline execution runs with, so that the layers are built from exactly the
 * revision the pipeline deploys instead of whatever the branch points at a few seconds later.
 *
 * <p>GetPipelineExecution lists the execution's source artifact revisions. A Git source
 * (CodeConnections/Bitbucket, CodeCommit, GitHub) gives the full commit id as {@code revisionId};
 * an S3 source gives an object version, which is no commit. Among commit-shaped revisions, one
 * whose {@code revisionUrl} names the configured repository wins; a single commit-shaped revision
 * is taken as is. None means the pipeline does not run from Git, and the caller builds the
 * branch head instead.
 */
public final class PipelineCommits {

  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  private final CodePipelineClient client;

  public PipelineCommits(CodePipelineClient client) {
    this.client = client;
  }

  /**
   * @throws EventException when several Git revisions qualify and none names the repository
   */
  public Optional<String> commitOf(String pipeline, String executionId, String workspace,
      String repository) {
    PipelineExecution execution = client.getPipelineExecution(GetPipelineExecutionRequest.builder()
        .pipelineName(pipeline)
        .pipelineExecutionId(executionId)
        .build()).pipelineExecution();
    List<ArtifactRevision> commits = execution.artifactRevisions().stream()
        .filter(r -> r.revisionId() != null && COMMIT.matcher(r.revisionId()).matches())
        .toList();
    String repoPath = ("/" + workspace + "/" + repository + "/").toLowerCase(Locale.ROOT);
    List<String> ours = commits.stream()
        .filter(r -> r.revisionUrl() != null
            && r.revisionUrl().toLowerCase(Locale.ROOT).contains(repoPath))
        .map(ArtifactRevision::revisionId)
        .distinct()
        .toList();
    if (ours.size() == 1) {
      return Optional.of(ours.get(0));
    }
    List<String> all = commits.stream().map(ArtifactRevision::revisionId).distinct().toList();
    if (ours.isEmpty() && all.size() <= 1) {
      return all.stream().findFirst();
    }
    throw new EventException("pipeline " + pipeline + " execution " + executionId + " has "
        + commits.size() + " Git source revisions (" + commits.stream().map(ArtifactRevision::name)
        .toList() + ") and none is unambiguously " + workspace + "/" + repository
        + ": invoke the function from that pipeline as an action, or give the ref directly");
  }
}
