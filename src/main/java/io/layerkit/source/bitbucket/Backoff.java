package io.layerkit.source.bitbucket;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before the next attempt: the server's Retry-After when it gave one (never shortened,
 * stretched by up to 10% so parallel requests do not return in one burst), else exponential
 * backoff with "equal jitter" — half the doubled delay fixed, half random.
 */
final class Backoff {
  private final Duration initial;
  private final Duration max;

  Backoff(RetrySettings settings) {
    this.initial = settings.initialBackoff();
    this.max = settings.maxBackoff();
  }

  /**
   * @param failedAttempts attempts made so far (1 after the first failure)
   * @param retryAfter what the server asked for, if anything
   */
  Duration delay(int failedAttempts, Optional<Duration> retryAfter) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (retryAfter.isPresent()) {
      long asked = retryAfter.get().toMillis();
      return Duration.ofMillis(asked + random.nextLong(asked / 10 + 1));
    }
    int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
    long base = Math.min(max.toMillis(), initial.toMillis() << doublings);
    long half = base / 2;
    return Duration.ofMillis(half + random.nextLong(base - half + 1));
  }
}
