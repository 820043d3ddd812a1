package io.layerkit.lambda;

import java.util.Map;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ExecutionDetails;
import software.amazon.awssdk.services.codepipeline.model.FailureDetails;
import software.amazon.awssdk.services.codepipeline.model.FailureType;
import software.amazon.awssdk.services.codepipeline.model.PutJobFailureResultRequest;
import software.amazon.awssdk.services.codepipeline.model.PutJobSuccessResultRequest;

/**
 * Ends (or extends) a CodePipeline job: PutJobSuccessResult, with output variables or a
 * continuation token, or PutJobFailureResult. A job that hears neither waits until CodePipeline's
 * own timeout, so the handler calls exactly one of these for every job it receives.
 */
public final class CodePipelineJobs {

  /** The API's limit on {@code executionDetails.summary}. */
  static final int MAX_SUMMARY = 2048;

  private final CodePipelineClient client;

  public CodePipelineJobs(CodePipelineClient client) {
    this.client = client;
  }

  /** The job is done; later actions may read {@code outputVariables}. */
  public void succeed(String jobId, Map<String, String> outputVariables, String summary,
      String externalExecutionId) {
    client.putJobSuccessResult(PutJobSuccessResultRequest.builder()
        .jobId(jobId)
        .outputVariables(outputVariables)
        .executionDetails(details(summary, externalExecutionId, 100))
        .build());
  }

  /**
   * Part of the job is done; CodePipeline invokes the function again with {@code token}. The API
   * accepts output variables only once no continuation token is given, so none are sent here.
   */
  public void continueLater(String jobId, String token, String summary, int percentComplete,
      String externalExecutionId) {
    client.putJobSuccessResult(PutJobSuccessResultRequest.builder()
        .jobId(jobId)
        .continuationToken(token)
        .executionDetails(details(summary, externalExecutionId, percentComplete))
        .build());
  }

  /** The job failed; {@code message} must already be a {@link FailureMessage}. */
  public void fail(String jobId, FailureType type, String message, String externalExecutionId) {
    client.putJobFailureResult(PutJobFailureResultRequest.builder()
        .jobId(jobId)
        .failureDetails(FailureDetails.builder()
            .type(type)
            .message(message)
            .externalExecutionId(externalExecutionId)
            .build())
        .build());
  }

  private static ExecutionDetails details(String summary, String externalExecutionId, int percent) {
    return ExecutionDetails.builder()
        .summary(TextCut.toLength(summary, MAX_SUMMARY, "..."))
        .externalExecutionId(externalExecutionId)
        .percentComplete(Math.max(0, Math.min(100, percent)))
        .build();
  }
}
