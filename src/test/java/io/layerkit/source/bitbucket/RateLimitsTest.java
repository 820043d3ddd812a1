package io.layerkit.source.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What is left of the hour, bounded from Bitbucket's headers and this source's own count. */
class RateLimitsTest {
  Instant now = Instant.parse("2026-11-23T22:35:00Z");
  final RateLimits limits = new RateLimits(new Clock() {
    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  });

  @Test
  void nothingIsKnownUntilAnAnswerCarriesTheLimit() {
    limits.sent();
    limits.observe(headers(Map.of("X-RateLimit-NearLimit", "true")));
    limits.observe(headers(Map.of("X-RateLimit-Limit", "lots")));

    assertThat(limits.budget()).isEmpty();
    assertThat(limits.headersSayExhausted()).isFalse();
  }

  @Test
  void requestsOlderThanAnHourNoLongerCount() {
    for (int i = 0; i < 300; i++) {
      limits.sent();
    }
    now = now.plus(Duration.ofMinutes(30));
    for (int i = 0; i < 100; i++) {
      limits.sent();
    }
    limits.observe(headers(Map.of("X-RateLimit-Limit", "1000", "X-RateLimit-Resource", "api")));

    assertThat(limits.budget().orElseThrow().remainingAtMost()).isEqualTo(600);
    now = now.plus(Duration.ofMinutes(31));
    assertThat(limits.budget().orElseThrow().remainingAtMost()).isEqualTo(900);
    assertThat(limits.budget().orElseThrow().sentLastHour()).isEqualTo(100);
  }

  @Test
  void nearTheLimitAtMostAFifthIsLeftLessWhatWasSentSince() {
    limits.sent();
    limits.observe(headers(Map.of("X-RateLimit-Limit", "1000", "X-RateLimit-NearLimit", "True")));
    for (int i = 0; i < 50; i++) {
      limits.sent();
    }

    assertThat(limits.budget().orElseThrow().remainingAtMost()).isEqualTo(150);
    assertThat(limits.headersSayExhausted()).isTrue();
  }

  private static HttpHeaders headers(Map<String, String> values) {
    Map<String, List<String>> lists = new java.util.HashMap<>();
    values.forEach((name, value) -> lists.put(name, List.of(value)));
    return HttpHeaders.of(lists, (name, value) -> true);
  }
}
