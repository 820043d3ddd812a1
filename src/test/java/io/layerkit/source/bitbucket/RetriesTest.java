package io.layerkit.source.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The transport's one retry policy: jittered waits, Retry-After as a floor, the bounds. */
class RetriesTest {
  final RecordedWaits waits = new RecordedWaits();
  final Retries retries = new Retries(new RetrySettings(10, Duration.ofMillis(500),
      Duration.ofSeconds(30), Duration.ofMinutes(2)), waits);

  @Test
  void everyRetryAfterIsWaitedAtLeastAndNeverTheSameForEveryone() throws Exception {
    for (int request = 0; request < 40; request++) {
      assertThat(retries.start().retryAfter(throttled(Duration.ofSeconds(1)))).isTrue();
    }

    assertThat(waits.all()).hasSize(40)
        .allSatisfy(wait -> assertThat(wait).isBetween(Duration.ofSeconds(1),
            Duration.ofMillis(1_700)));
    assertThat(waits.all().stream().distinct().count()).as("distinct waits").isGreaterThan(30);
  }

  @Test
  void backoffDoublesAndEveryWaitIsJittered() throws Exception {
    for (int request = 0; request < 20; request++) {
      Retries.Attempts attempts = retries.start();
      for (int failure = 0; failure < 4; failure++) {
        assertThat(attempts.retryAfter(new IOException("connection reset"))).isTrue();
      }
    }

    // per request: about 0.5, 1, 2, 4 s, each varied by up to a quarter either way
    for (int step = 0; step < 4; step++) {
      long base = 500L << step;
      int at = step;
      var atStep = java.util.stream.IntStream.range(0, 20)
          .mapToObj(request -> waits.all().get(request * 4 + at)).toList();
      assertThat(atStep).allSatisfy(wait -> assertThat(wait.toMillis())
          .isBetween(base * 3 / 4, base * 5 / 4));
      assertThat(atStep.stream().distinct().count()).isGreaterThan(15);
    }
  }

  @Test
  void stopsAfterTheLastAttempt() throws Exception {
    Retries.Attempts attempts = retries.start();
    int retried = 0;
    while (attempts.retryAfter(new IOException("reset"))) {
      retried++;
    }

    assertThat(retried).isEqualTo(9);
    assertThat(attempts.count()).isEqualTo(10);
  }

  @Test
  void aFinalAnswerIsNotRetried() throws Exception {
    Retries.Attempts attempts = retries.start();

    assertThat(attempts.retryAfter(new ApiStatusException(404, "no such folder"))).isFalse();
    assertThat(waits.all()).isEmpty();
  }

  @Test
  void aRetryAfterBeyondTheTimeLeftEndsAtOnce() throws Exception {
    Retries.Attempts attempts = retries.start();

    assertThat(attempts.retryAfter(throttled(Duration.ofMinutes(5)))).isFalse();
    assertThat(waits.all()).isEmpty();
  }

  private static RetryableFailure throttled(Duration retryAfter) {
    return new RetryableFailure(429, Optional.of(retryAfter), "");
  }
}
