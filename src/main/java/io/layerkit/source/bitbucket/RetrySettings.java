package io.layerkit.source.bitbucket;

import java.time.Duration;

/**
 * How hard to retry a Bitbucket request that failed for a reason that may pass: HTTP 429 and 5xx,
 * connection resets, timeouts, bodies cut short. The bounds hold for one JSON request, and for one
 * file across every way it is retried (before its headers arrive and after its body was cut).
 *
 * @param maxAttempts requests per JSON answer or per file, the first included
 * @param initialBackoff first delay when the server gives no Retry-After; doubled after each
 *     failure, and every delay varied at random (see {@link Retries})
 * @param maxBackoff cap of the doubled delay; must exceed {@code initialBackoff}
 * @param maxTotalTime retries stop once this much time has passed; a Retry-After longer than
 *     what is left of it fails at once instead of sleeping
 */
public record RetrySettings(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotalTime) {

  public RetrySettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero()
        || maxBackoff.compareTo(initialBackoff) <= 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 < initial < max, got " + initialBackoff + " / " + maxBackoff);
    }
    if (maxTotalTime.isNegative() || maxTotalTime.isZero()) {
      throw new IllegalArgumentException("maxTotalTime must be positive, got " + maxTotalTime);
    }
  }

  /**
   * Ten attempts, 0.5 s doubling to 30 s, at most two minutes: the doubled delays alone reach the
   * two minutes by the tenth attempt, so neither bound cuts the other short.
   */
  public static RetrySettings defaults() {
    return new RetrySettings(10, Duration.ofMillis(500), Duration.ofSeconds(30),
        Duration.ofMinutes(2));
  }
}
