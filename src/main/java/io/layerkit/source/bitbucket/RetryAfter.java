package io.layerkit.source.bitbucket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header: either delay-seconds or an HTTP-date (RFC 9110
 * 10.2.3). Bitbucket Cloud usually sends none with its 429s; when a proxy or a future API version
 * does, it wins over our own backoff.
 */
final class RetryAfter {
  private RetryAfter() {}

  static Optional<Duration> parse(Optional<String> header, Clock clock) {
    return header.map(String::trim).filter(value -> !value.isEmpty()).flatMap(value -> {
      if (value.chars().allMatch(Character::isDigit)) {
        try {
          return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        } catch (NumberFormatException tooLarge) {
          return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L));
        }
      }
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException unreadable) {
        return Optional.empty();
      }
    });
  }
}
