package io.layerkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Remembers which pipeline executions the function has handled, so that an EventBridge event
 * delivered twice (EventBridge promises at-least-once delivery) runs the layers only once, in
 * whichever container it lands.
 *
 * <p>One small JSON object per execution in the layer bucket, under
 * {@code <BUCKET_PREFIX>.layerkit/executions/<pipeline>/<execution-id>.json}. The first delivery
 * creates it with a conditional write ({@code If-None-Match: *}), which S3 lets exactly one
 * writer win; a later delivery finds it and does nothing. A claim whose run died (the function
 * timed out or crashed before completing) expires after the invocation's own time limit, and a
 * run that ended in an error releases its claim, so Lambda's retries can still do the work; a
 * takeover is again conditional ({@code If-Match} on the stale claim's ETag).
 *
 * <p>S3 rather than SSM: objects cost nothing to keep, need no quota, can expire by a lifecycle
 * rule, and the role already may write under the prefix.
 *
 * <p>Completing or releasing overwrites the marker only while it is still the one this
 * invocation wrote ({@code If-Match} on its ETag): an invocation that outlived its lease and was
 * taken over never marks the newer run's execution done or released.
 */
public final class ExecutionLedger {

  /** What {@link #claim} found. */
  public sealed interface Claim {
    /**
     * This invocation owns the execution and must {@link #complete} or {@link #release} it.
     *
     * @param eTag the marker this invocation wrote: later writes apply only while it is current
     */
    record Acquired(String key, String eTag) implements Claim {}

    /** Another invocation already handled it. */
    record AlreadyDone(String key, String requestId) implements Claim {}

    /** Another invocation is handling it right now. */
    record InProgress(String key, String requestId) implements Claim {}
  }

  private static final String RUNNING = "running";
  private static final String DONE = "done";
  private static final String RELEASED = "released";
  /**
   * How long past its invocation's end a claim still holds: only clock differences between
   * containers. Lambda retries a stopped invocation about a minute later, and that retry must
   * find the claim expired: one that finds it in progress ends quietly and is the last retry.
   */
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final ObjectMapper json;
  private final Clock clock;

  /**
   * @param prefix the store's key prefix: empty or ending in {@code /}
   */
  public ExecutionLedger(S3Client s3, String bucket, String prefix, ObjectMapper json, Clock clock) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.json = json;
    this.clock = clock;
  }

  /** The object that records {@code executionId} of {@code pipeline}. */
  public String keyOf(String pipeline, String executionId) {
    return prefix + ".layerkit/executions/" + pipeline + "/" + executionId + ".json";
  }

  /**
   * Claims the execution for this invocation.
   *
   * @param lease how long this invocation may take at most (its remaining time)
   */
  public Claim claim(String pipeline, String executionId, String requestId, Duration lease)
      throws IOException {
    String key = keyOf(pipeline, executionId);
    byte[] body = marker(pipeline, executionId, requestId, RUNNING, lease.plus(GRACE));
    try {
      return new Claim.Acquired(key,
          s3.putObject(put(key).ifNoneMatch("*").build(), RequestBody.fromBytes(body)).eTag());
    } catch (S3Exception e) {
      if (!isConditionFailure(e)) {
        throw new IOException("cannot record pipeline execution " + executionId + " in s3://"
            + bucket + "/" + key + ": " + AwsErrorLine.of(e), e);
      }
    }
    ResponseBytes<GetObjectResponse> existing;
    try {
      existing = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build());
    } catch (NoSuchKeyException e) {
      // Deleted between the two calls (a lifecycle rule): nobody holds it, but do not race again.
      return new Claim.InProgress(key, "unknown");
    }
    JsonNode previous = parse(existing.asByteArray());
    String state = previous.path("state").asText("");
    String holder = previous.path("requestId").asText("unknown");
    if (state.equals(DONE)) {
      return new Claim.AlreadyDone(key, holder);
    }
    if (state.equals(RUNNING) && !expired(previous)) {
      return new Claim.InProgress(key, holder);
    }
    try {
      return new Claim.Acquired(key, s3.putObject(put(key).ifMatch(existing.response().eTag())
          .build(), RequestBody.fromBytes(body)).eTag());
    } catch (S3Exception e) {
      if (isConditionFailure(e)) {
        return new Claim.InProgress(key, "unknown");
      }
      throw new IOException("cannot take over pipeline execution " + executionId + " in s3://"
          + bucket + "/" + key + ": " + AwsErrorLine.of(e), e);
    }
  }

  /**
   * The run finished (whatever its packages' outcome): later deliveries do nothing.
   *
   * @return false when the claim is no longer this invocation's (it outlived its lease and
   *     another invocation took the execution over): that invocation's marker is left as it is
   */
  public boolean complete(Claim.Acquired claim, String pipeline, String executionId,
      String requestId) {
    return replace(claim, marker(pipeline, executionId, requestId, DONE, Duration.ZERO));
  }

  /**
   * The run could not start or broke off: a retry may claim the execution again.
   *
   * @return false when the claim is no longer this invocation's, as for {@link #complete}
   */
  public boolean release(Claim.Acquired claim, String pipeline, String executionId,
      String requestId) {
    return replace(claim, marker(pipeline, executionId, requestId, RELEASED, Duration.ZERO));
  }

  /**
   * Releases the claim of a run that failed with {@code failure} and returns that failure to be
   * thrown; a failure of the release itself is added to it as suppressed, so the cause of the
   * run's end is never replaced by a secondary one.
   */
  public <E extends Exception> E releaseAfter(Claim.Acquired claim, String pipeline,
      String executionId, String requestId, E failure) {
    try {
      release(claim, pipeline, executionId, requestId);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    return failure;
  }

  /** Overwrites this invocation's own marker only: a conditional write on the claim's ETag. */
  private boolean replace(Claim.Acquired claim, byte[] body) {
    try {
      s3.putObject(put(claim.key()).ifMatch(claim.eTag()).build(), RequestBody.fromBytes(body));
      return true;
    } catch (NoSuchKeyException e) {
      return false; // removed meanwhile (a lifecycle rule): nobody holds it, nothing to mark
    } catch (S3Exception e) {
      if (isConditionFailure(e) || e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private PutObjectRequest.Builder put(String key) {
    return PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json");
  }

  private byte[] marker(String pipeline, String executionId, String requestId, String state,
      Duration lease) {
    Instant now = clock.instant();
    ObjectNode node = json.createObjectNode();
    node.put("pipeline", pipeline);
    node.put("executionId", executionId);
    node.put("state", state);
    node.put("requestId", requestId);
    node.put("updated", now.toString());
    node.put("expires", now.plus(lease).toString());
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  private JsonNode parse(byte[] body) {
    try {
      JsonNode node = json.readTree(body);
      return node == null ? json.createObjectNode() : node;
    } catch (IOException e) {
      // Unreadable marker: treat as expired so that a run can replace it.
      return json.createObjectNode();
    }
  }

  private boolean expired(JsonNode marker) {
    try {
      return !Instant.parse(marker.path("expires").asText()).isAfter(clock.instant());
    } catch (DateTimeParseException e) {
      return true;
    }
  }

  // 412 Precondition Failed, or 409 when S3 saw a concurrent conditional write to the same key.
  private static boolean isConditionFailure(S3Exception e) {
    return e.statusCode() == 412 || e.statusCode() == 409;
  }
}
