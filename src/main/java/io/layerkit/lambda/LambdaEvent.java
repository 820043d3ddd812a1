package io.layerkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalInt;

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

  /**
   * The fan-out state machine's first task: resolve the ref once and list the items. Step
   * Functions sends {@code {"fanOut": "resolve", "input": <the execution's input>,
   * "maxConcurrency": 8}}.
   *
   * @param input what started the execution, itself one of the other events (an EventBridge
   *     pipeline STARTED or scheduled event, or a direct invocation's object)
   * @param codePipelineJobId a CodePipeline job the execution must end, from the input's
   *     {@code "codePipelineJob": {"id": ...}}
   * @param maxConcurrency the state machine's MaxConcurrency (its template parameter)
   */
  record FanOutResolve(LambdaEvent input, Optional<String> codePipelineJobId, int maxConcurrency)
      implements LambdaEvent {
    @Override
    public String describe() {
      return "fan-out resolve for " + input.describe();
    }
  }

  /**
   * One item of the fan-out's Map state, exactly as Step Functions delivers it:
   * {@code {"commit": "<40 hex>", "package": "requests", "path": "lambda/layers/requests",
   * "region": "eu-west-1"}}.
   *
   * @param commit the commit the resolve task pinned: built as it is, never resolved again
   * @param packageName the package's name
   * @param path its folder; empty to take the folder {@code PACKAGE_PATHS} gives the name
   * @param region the AWS region the item stores, records and publishes in
   * @param concurrency parallel fetches, when the resolve task lowered them for the budget
   */
  record FanOutItem(String commit, String packageName, Optional<String> path, String region,
      OptionalInt concurrency) implements LambdaEvent {
    @Override
    public String describe() {
      return "fan-out item " + packageName + " in " + region + " at commit " + commit;
    }
  }

  /**
   * The fan-out state machine's last task: the execution's whole state, {@code {"fanOut":
   * "aggregate", "input": ..., "plan": ..., "results": [...], "failure": ...}}, each part present
   * as far as the run got. Kept as the tree: a part that is missing or odd is reported by the
   * aggregate, which must still end a CodePipeline job.
   */
  record FanOutAggregate(JsonNode state) implements LambdaEvent {
    @Override
    public String describe() {
      return "fan-out aggregate";
    }
  }
}
