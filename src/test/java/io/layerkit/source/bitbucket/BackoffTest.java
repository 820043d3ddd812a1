package io.layerkit.source.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.RepeatedTest;

class BackoffTest {
  Backoff backoff = new Backoff(new RetrySettings(6, Duration.ofMillis(500),
      Duration.ofSeconds(30), Duration.ofMinutes(2)));

  @RepeatedTest(20)
  void doublesWithJitterUpToTheCap() {
    assertThat(backoff.delay(1, Optional.empty())).isBetween(ms(250), ms(500));
    assertThat(backoff.delay(2, Optional.empty())).isBetween(ms(500), ms(1000));
    assertThat(backoff.delay(4, Optional.empty())).isBetween(ms(2000), ms(4000));
    assertThat(backoff.delay(20, Optional.empty())).isBetween(ms(15_000), ms(30_000));
  }

  @RepeatedTest(20)
  void neverWaitsLessThanRetryAfter() {
    assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(7))))
        .isBetween(ms(7000), ms(7700));
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
