package io.layerkit.lambda;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.codepipeline.model.FailureType;

/**
 * The one result a CodePipeline job gets. The run, its error handling and the deadline watch
 * ({@link JobDeadline}) may each try to end the job; the first report that reaches CodePipeline
 * counts and later ones are skipped. CodePipeline refuses to end a job twice, so a second report
 * would only turn a job that was ended properly into a failed invocation, which Lambda retries.
 * A report that throws counts as not sent, so a later failure report can still end the job.
 */
final class JobOutcome {

  private final CodePipelineJobs jobs;
  private final String jobId;
  private final String requestId;
  private String reported;

  JobOutcome(CodePipelineJobs jobs, String jobId, String requestId) {
    this.jobs = jobs;
    this.jobId = jobId;
    this.requestId = requestId;
  }

  /** PutJobSuccessResult, unless the job was already ended; true when this call ended it. */
  synchronized boolean succeed(Map<String, String> outputVariables, String summary) {
    if (reported != null) {
      return false;
    }
    jobs.succeed(jobId, outputVariables, summary, requestId);
    reported = "succeeded";
    return true;
  }

  /** PutJobSuccessResult with a continuation token, unless the job was already ended. */
  synchronized boolean continueLater(String token, String summary, int percentComplete) {
    if (reported != null) {
      return false;
    }
    jobs.continueLater(jobId, token, summary, percentComplete, requestId);
    reported = "continued";
    return true;
  }

  /** PutJobFailureResult, unless the job was already ended; true when this call ended it. */
  synchronized boolean fail(FailureType type, String message) {
    if (reported != null) {
      return false;
    }
    jobs.fail(jobId, type, message, requestId);
    reported = "failed";
    return true;
  }

  /** Whether the job succeeded or goes on in a new invocation. */
  synchronized boolean endedWell() {
    return "succeeded".equals(reported) || "continued".equals(reported);
  }

  /** What the job was told: {@code succeeded}, {@code continued} or {@code failed}. */
  synchronized Optional<String> reported() {
    return Optional.ofNullable(reported);
  }
}
