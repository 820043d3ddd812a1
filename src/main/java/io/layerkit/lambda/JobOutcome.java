package io.layerkit.lambda;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.codepipeline.model.FailureType;
import software.amazon.awssdk.services.codepipeline.model.InvalidJobStateException;
import software.amazon.awssdk.services.codepipeline.model.JobNotFoundException;

/**
 * The one result a CodePipeline job gets. The run, its error handling and the deadline watch
 * ({@link JobDeadline}) may each try to end the job; the first report that reaches CodePipeline
 * counts and later ones are skipped. CodePipeline refuses to end a job twice, so a second report
 * would only turn a job that was ended properly into a failed invocation, which Lambda retries.
 * A report that throws counts as not sent, so a later failure report can still end the job,
 * except when CodePipeline says the job is no longer in progress: an earlier invocation of it
 * ended it (Lambda retries an invocation it stopped at its timeout) or CodePipeline gave up on
 * it, and nothing can be reported any more.
 */
final class JobOutcome {

  static final String ALREADY_ENDED = "already ended";

  private final CodePipelineJobs jobs;
  private final String jobId;
  private final String requestId;
  private final JsonLog log;
  private String reported;

  JobOutcome(CodePipelineJobs jobs, String jobId, String requestId, JsonLog log) {
    this.jobs = jobs;
    this.jobId = jobId;
    this.requestId = requestId;
    this.log = log;
  }

  /** PutJobSuccessResult, unless the job was already ended; true when this call ended it. */
  synchronized boolean succeed(Map<String, String> outputVariables, String summary) {
    return send("succeeded", () -> jobs.succeed(jobId, outputVariables, summary, requestId));
  }

  /** PutJobSuccessResult with a continuation token, unless the job was already ended. */
  synchronized boolean continueLater(String token, String summary, int percentComplete) {
    return send("continued",
        () -> jobs.continueLater(jobId, token, summary, percentComplete, requestId));
  }

  /** PutJobFailureResult, unless the job was already ended; true when this call ended it. */
  synchronized boolean fail(FailureType type, String message) {
    return send("failed", () -> jobs.fail(jobId, type, message, requestId));
  }

  /** Whether the job succeeded or goes on in a new invocation. */
  synchronized boolean endedWell() {
    return "succeeded".equals(reported) || "continued".equals(reported);
  }

  /**
   * What the job was told: {@code succeeded}, {@code continued} or {@code failed}, or
   * {@value #ALREADY_ENDED} when CodePipeline no longer took a result.
   */
  synchronized Optional<String> reported() {
    return Optional.ofNullable(reported);
  }

  private boolean send(String result, Runnable report) {
    if (reported != null) {
      return false;
    }
    try {
      report.run();
      reported = result;
      return true;
    } catch (InvalidJobStateException | JobNotFoundException gone) {
      reported = ALREADY_ENDED;
      log.warn("codepipeline", "job " + jobId + " is no longer in progress (an earlier invocation"
          + " ended it, or CodePipeline stopped waiting): nothing to report; "
          + AwsErrorLine.of(gone));
      return false;
    }
  }
}
