package io.layerkit.publish.signer;

import java.time.Duration;

/**
 * How long to wait for a signing job: polls start {@code firstDelay} apart and double up to
 * {@code maxDelay}; after {@code timeout} the wait gives up (the job may still finish later).
 */
public record SigningWait(Duration firstDelay, Duration maxDelay, Duration timeout) {

  /** Lambda signing jobs take seconds; five minutes leaves room for a slow one inside Lambda's 15. */
  public static final SigningWait DEFAULT =
      new SigningWait(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5));

  public SigningWait {
    if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0
        || timeout.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException("signing wait needs 0 < firstDelay <= maxDelay and"
          + " firstDelay <= timeout, got " + firstDelay + ", " + maxDelay + ", " + timeout);
    }
  }

  Duration next(Duration delay) {
    Duration doubled = delay.multipliedBy(2);
    return doubled.compareTo(maxDelay) > 0 ? maxDelay : doubled;
  }
}
