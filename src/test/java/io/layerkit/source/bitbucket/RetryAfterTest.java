package io.layerkit.source.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  Clock clock = Clock.fixed(Instant.parse("2026-11-23T22:35:00Z"), ZoneOffset.UTC);

  @Test
  void readsDelaySeconds() {
    assertThat(RetryAfter.parse(Optional.of(" 120 "), clock)).contains(Duration.ofSeconds(120));
  }

  @Test
  void readsAnHttpDate() {
    assertThat(RetryAfter.parse(Optional.of("Mon, 23 Nov 2026 22:36:30 GMT"), clock))
        .contains(Duration.ofSeconds(90));
  }

  @Test
  void aDateInThePastMeansNow() {
    assertThat(RetryAfter.parse(Optional.of("Mon, 23 Nov 2026 22:00:00 GMT"), clock))
        .contains(Duration.ZERO);
  }

  @Test
  void ignoresWhatItCannotRead() {
    assertThat(RetryAfter.parse(Optional.of("soon"), clock)).isEmpty();
    assertThat(RetryAfter.parse(Optional.of(""), clock)).isEmpty();
    assertThat(RetryAfter.parse(Optional.empty(), clock)).isEmpty();
  }
}
