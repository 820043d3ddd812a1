package io.layerkit.lambda;

import java.util.Optional;

/**
 * The events the function understands. Each record keeps only what the function needs; in
 * particular a CodePipeline job's {@code artifactCredentials} are never read into one, so they
 * cannot reach a log line, a message or a report.
 */
public sealed interface LambdaEvent {

  /** Ids worth logging, never anything secret. */
  String describe();

  /**
   * A CodePipeline job for a Lambda invoke action ({@code "CodePipeline.job"}).
   *
   * @param jobId the job id, needed for PutJobSuccessResult / PutJobFailureResult
   * @param accountId the pipeline's account
   * @param userParameters the action's {@code UserParameters}, unparsed: a bad value must still
   *     end the job with a failure, so parsing happens where failures are reported
   * @param continuationToken the token this function returned for the job earlier, if any
   */
  record CodePipelineJob(
      String jobId, String accountId, Optional<String> userParameters,
      Optional<String> continuationToken) implements LambdaEvent {
    @Override
    public String describe() {
      return "CodePipeline job " + jobId + (continuationToken.isPresent() ? " (continued)" : "");
    }
  }

  /**
   * EventBridge "CodePipeline Pipeline Execution State Change" with state STARTED.
   *
   * @param pipeline the pipeline's name
   * @param executionId the pipeline execution id
   * @param eventId the EventBridge event id
   */
  record PipelineExecutionStarted(String pipeline, String executionId, String eventId)
      implements LambdaEvent {
    @Override
    public String describe() {
      return "pipeline " + pipeline + " execution " + executionId + " started (event " + eventId + ")";
    }
  }

  /**
   * EventBridge "Scheduled Event".
   *
   * @param rule the rule's ARN, or the event id when the event names no rule
   * @param eventId the EventBridge event id
   */
  record Scheduled(String rule, String eventId) implements LambdaEvent {
    @Override
    public String describe() {
      return "scheduled event " + eventId + " from " + rule;
    }
  }

  /**
   * A direct invocation ({@code aws lambda invoke}, a test, another function).
   *
   * @param override what the payload changes for this run
   */
  record DirectInvocation(RunOverride override) implements LambdaEvent {
    @Override
    public String describe() {
      return "direct invocation";
    }
  }
}
