package io.layerkit.source.bitbucket;

import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import dev.failsafe.TimeoutExceededException;
import io.layerkit.source.SourceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * The Bitbucket transport's one retry policy, made of Failsafe's own parts: exponential backoff,
 * jitter on every wait, a bound on attempts and one on total time.
 *
 * <p>A Retry-After is a floor, never shortened: the delay handed to Failsafe is scaled up so that
 * its jitter, which varies a delay by up to {@link #JITTER} either way, lands between the asked
 * wait and about 1.7 times it. Requests throttled together therefore come back spread out instead
 * of in one burst that is throttled again.
 *
 * <p>Each JSON request runs on one {@link Attempts}; so does each file, across every layer that
 * retries it (before its headers arrive, and after its body was cut short), so one file never
 * costs more than {@link RetrySettings#maxAttempts()} requests.
 */
final class Retries {
  /** The share by which Failsafe varies each wait, either way. */
  static final double JITTER = 0.25;

  /** A negative computed delay tells Failsafe to use its backoff instead. */
  private static final Duration USE_BACKOFF = Duration.ofNanos(-1);

  private final RetrySettings settings;
  private final RetryPolicy<Object> policy;
  private final Sleeper sleeper;

  Retries(RetrySettings settings, Sleeper sleeper) {
    this.settings = settings;
    this.sleeper = sleeper;
    this.policy = RetryPolicy.builder()
        .handleIf((result, failure) -> isTransient(failure))
        .withBackoff(settings.initialBackoff(), settings.maxBackoff())
        .withJitter(JITTER)
        .withDelayFnOn(context -> context.getLastException() instanceof RetryableFailure failure
            ? failure.retryAfter().map(Retries::beforeJitter).orElse(USE_BACKOFF)
            : USE_BACKOFF, RetryableFailure.class)
        .withMaxAttempts(settings.maxAttempts())
        .withMaxDuration(settings.maxTotalTime())
        .build();
  }

  /** The attempts of one request, or of one file. */
  Attempts start() {
    return new Attempts(Execution.of(policy));
  }

  /**
   * The delay that Failsafe's jitter turns into at least {@code retryAfter}: divided by
   * {@code 1 - JITTER}, rounded up, plus a millisecond for Failsafe's own rounding down.
   */
  static Duration beforeJitter(Duration retryAfter) {
    long nanos = (long) Math.ceil(retryAfter.toNanos() / (1 - JITTER));
    return Duration.ofNanos(nanos).plusMillis(1);
  }

  /** What may pass: 429, 5xx, resets, timeouts, bodies and JSON cut short. */
  static boolean isTransient(Throwable failure) {
    if (failure instanceof TimeoutExceededException || failure instanceof RetryableFailure) {
      return true;
    }
    if (failure instanceof SourceException || failure instanceof BitbucketHttp.NotJsonException) {
      return false;
    }
    if (failure instanceof InterruptedIOException && !(failure instanceof SocketTimeoutException)) {
      return false;
    }
    return failure instanceof IOException;
  }

  /**
   * One request's or one file's attempts so far, recorded in one Failsafe execution. Not
   * thread-safe: one caller at a time, as a request or a download has.
   */
  final class Attempts {
    private final Execution<Object> execution;

    private Attempts(Execution<Object> execution) {
      this.execution = execution;
    }

    /**
     * Records a failed attempt. When the policy allows another, waits the policy's delay and
     * answers true; answers false when the failure is final, the attempts or the time are spent,
     * or the server asked for a wait longer than the time left.
     */
    boolean retryAfter(Throwable failure) throws InterruptedIOException {
      execution.recordException(failure);
      if (execution.isComplete() || asksForMoreThanIsLeft(failure)) {
        return false;
      }
      try {
        sleeper.sleep(execution.getDelay());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting to retry a Bitbucket request");
      }
      return true;
    }

    /** Requests made so far. */
    int count() {
      return execution.getAttemptCount();
    }

    Duration elapsed() {
      return execution.getElapsedTime();
    }

    private boolean asksForMoreThanIsLeft(Throwable failure) {
      Optional<Duration> asked = failure instanceof RetryableFailure retryable
          ? retryable.retryAfter() : Optional.empty();
      Duration left = settings.maxTotalTime().minus(execution.getElapsedTime());
      return asked.filter(wait -> wait.compareTo(left) > 0).isPresent();
    }
  }
}
