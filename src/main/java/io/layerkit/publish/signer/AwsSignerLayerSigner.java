package io.layerkit.publish.signer;

import io.layerkit.awserror.AwsFailureReason;
import io.layerkit.publish.LayerSigner;
import io.layerkit.publish.SignedLayer;
import io.layerkit.publish.SigningException;
import io.layerkit.publish.SigningRequest;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.GetSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.SigningProfileStatus;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * Signs layer zips with AWS Signer, in the region of its client:
 * <ol>
 *   <li>GetSigningProfile: the profile must be Active and for Lambda's platform;
 *   <li>StartSigningJob from the versioned object to the destination prefix;
 *   <li>DescribeSigningJob until Succeeded (polls back off, the wait is bounded), Failed (its
 *       reason in the error) or the time is up.
 * </ol>
 * The signing profile version ARN is the profile's ARN with the job's profile version.
 */
public final class AwsSignerLayerSigner implements LayerSigner {
  /** The signing platform of Lambda code signing. */
  public static final String LAMBDA_PLATFORM = "AWSLambda-SHA384-ECDSA";

  private final SignerClient signer;
  private final SigningWait wait;
  private final Clock clock;
  private final Sleeper sleeper;

  /** Pauses between polls; tests pass one that only moves their clock. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public AwsSignerLayerSigner(SignerClient signer, SigningWait wait) {
    this(signer, wait, Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()));
  }

  AwsSignerLayerSigner(SignerClient signer, SigningWait wait, Clock clock, Sleeper sleeper) {
    this.signer = signer;
    this.wait = wait;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  @Override
  public SignedLayer sign(SigningRequest request) throws SigningException, InterruptedIOException {
    String profile = request.profileName();
    GetSigningProfileResponse found = call("GetSigningProfile", profile,
        () -> signer.getSigningProfile(r -> r.profileName(profile)
            .profileOwner(request.profileOwner().orElse(null))));
    if (found.status() != SigningProfileStatus.ACTIVE) {
      throw new SigningException("signing profile " + profile + " is " + found.statusAsString()
          + ", not Active" + (found.statusReason() != null ? ": " + found.statusReason() : ""));
    }
    if (!LAMBDA_PLATFORM.equals(found.platformId())) {
      throw new SigningException("signing profile " + profile + " signs for platform "
          + found.platformId() + "; Lambda layers need a profile for " + LAMBDA_PLATFORM);
    }
    String jobId = call("StartSigningJob", profile, () -> signer.startSigningJob(r -> r
        .profileName(profile)
        .profileOwner(request.profileOwner().orElse(null))
        .clientRequestToken(request.requestToken())
        .source(s -> s.s3(o -> o.bucketName(request.bucket()).key(request.key())
            .version(request.versionId())))
        .destination(d -> d.s3(o -> o.bucketName(request.destinationBucket())
            .prefix(request.destinationPrefix())))))
        .jobId();
    DescribeSigningJobResponse job = awaitJob(profile, jobId);
    return new SignedLayer(job.signedObject().s3().bucketName(), job.signedObject().s3().key(),
        jobId, found.arn() + "/" + job.profileVersion());
  }

  private DescribeSigningJobResponse awaitJob(String profile, String jobId)
      throws SigningException, InterruptedIOException {
    Instant deadline = clock.instant().plus(wait.timeout());
    Duration delay = wait.firstDelay();
    while (true) {
      DescribeSigningJobResponse job = call("DescribeSigningJob", profile,
          () -> signer.describeSigningJob(r -> r.jobId(jobId)));
      if (job.status() == SigningStatus.SUCCEEDED) {
        if (job.signedObject() == null || job.signedObject().s3() == null) {
          throw new SigningException("signing job " + jobId + " succeeded but names no signed object");
        }
        return job;
      }
      if (job.status() == SigningStatus.FAILED) {
        throw new SigningException("signing job " + jobId + " (profile " + profile + ") failed: "
            + (job.statusReason() != null ? job.statusReason() : "no reason given"));
      }
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new SigningException("signing job " + jobId + " (profile " + profile + ") is still "
            + job.statusAsString() + " after " + wait.timeout().toSeconds() + " s; see `aws signer"
            + " describe-signing-job --job-id " + jobId + "`, and run again once it finished");
      }
      try {
        sleeper.sleep(delay.compareTo(left) < 0 ? delay : left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for signing job " + jobId);
      }
      delay = wait.next(delay);
    }
  }

  private static <T> T call(String operation, String profile, Supplier<T> request)
      throws SigningException {
    try {
      return request.get();
    } catch (SdkException e) {
      throw new SigningException("AWS Signer " + operation + " (profile " + profile + ") failed: "
          + AwsFailureReason.of(e), e);
    }
  }
}
