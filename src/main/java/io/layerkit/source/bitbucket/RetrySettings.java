package io.layerkit.source.bitbucket;

import java.time.Duration;

/**
 * How hard to retry a Bitbucket request that failed for a reason that may pass: HTTP 429 and 5xx,
 * connection resets, timeouts, bodies cut short.
 *
 * @param maxAttempts attempts per request, the first included (also the bound on resuming one
 *     download that was cut short)
 * @param initialBackoff first delay when the server gives no Retry-After
 * @param maxBackoff cap of the exponential delay
 * @param maxTotalTime retries of one request stop once this much time has passed; a Retry-After
 *     longer than this fails at once instead of sleeping
 */
public record RetrySettings(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotalTime) {

  public RetrySettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 <= initial <= max, got " + initialBackoff + " / " + maxBackoff);
    }
    if (maxTotalTime.isNegative() || maxTotalTime.isZero()) {
      throw new IllegalArgumentException("maxTotalTime must be positive, got " + maxTotalTime);
    }
  }

  /** Six attempts, 0.5 s doubling to 30 s, at most two minutes per request. */
  public static RetrySettings defaults() {
    return new RetrySettings(6, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(2));
  }
}
