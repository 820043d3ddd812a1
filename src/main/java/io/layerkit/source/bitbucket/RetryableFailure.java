package io.layerkit.source.bitbucket;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** An answer worth asking again: HTTP 429 or 5xx (Bitbucket's 555 "took too long" included). */
final class RetryableFailure extends IOException {
  private final int status;
  private final transient Optional<Duration> retryAfter;

  RetryableFailure(int status, Optional<Duration> retryAfter, String remoteMessage) {
    super("HTTP " + status + (remoteMessage.isBlank() ? "" : " (\"" + remoteMessage + "\")"));
    this.status = status;
    this.retryAfter = retryAfter;
  }

  int status() {
    return status;
  }

  Optional<Duration> retryAfter() {
    return retryAfter;
  }

  boolean isRateLimit() {
    return status == 429;
  }
}
