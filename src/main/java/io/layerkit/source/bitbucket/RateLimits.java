package io.layerkit.source.bitbucket;

import io.layerkit.source.RequestBudget;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Bitbucket's hourly request budget as its answers tell it, and this source's own count.
 *
 * <p>Answers to {@code /2.0/repositories/*} requests made with an access token (repository,
 * project or workspace) carry three headers: {@code X-RateLimit-Limit}, the requests permitted per
 * hour (the limit, not what is left); {@code X-RateLimit-Resource}, the group of endpoints counted
 * ({@code api}); {@code X-RateLimit-NearLimit}, {@code true} once less than a fifth of the hour's
 * budget is left. Other credentials get none of them, and there is no "remaining" header. So what
 * is left is bounded from above: by the limit less what this source sent in the trailing hour,
 * and near the limit by a fifth of the limit less what it sent since. Without the headers nothing
 * is known, and nothing is refused on a guess.
 */
final class RateLimits {
  static final String LIMIT = "X-RateLimit-Limit";
  static final String RESOURCE = "X-RateLimit-Resource";
  static final String NEAR_LIMIT = "X-RateLimit-NearLimit";
  /** The share of the limit left at most once Bitbucket says it is near. */
  static final double NEAR_LIMIT_SHARE = 0.2;

  private final Clock clock;
  private final TrailingHour sent = new TrailingHour();
  private long sentInAll;
  private Observation latest;

  /** One answer's headers, and how many requests had been sent when it came. */
  private record Observation(
      long limit, String resource, boolean nearLimit, Instant at, long sentBefore) {}

  RateLimits(Clock clock) {
    this.clock = clock;
  }

  /** Counts one request sent to the API. */
  synchronized void sent() {
    sentInAll++;
    sent.add(clock.instant());
  }

  /** Keeps what an answer's headers say; answers without them change nothing. */
  synchronized void observe(HttpHeaders headers) {
    OptionalLong limit = headers.firstValue(LIMIT).flatMap(RateLimits::number)
        .map(OptionalLong::of).orElse(OptionalLong.empty());
    if (limit.isEmpty()) {
      return;
    }
    boolean near = headers.firstValue(NEAR_LIMIT).map(String::trim)
        .map(value -> value.toLowerCase(Locale.ROOT).equals("true")).orElse(false);
    String resource = headers.firstValue(RESOURCE).map(String::trim).orElse("");
    latest = new Observation(limit.getAsLong(), resource, near, clock.instant(), sentInAll);
  }

  /** The budget as last reported, with this source's requests since taken off. */
  synchronized Optional<RequestBudget> budget() {
    if (latest == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    long lastHour = sent.count(now);
    long left = latest.limit() - lastHour;
    if (latest.nearLimit()) {
      long sinceNear = sentInAll - latest.sentBefore();
      left = Math.min(left, (long) Math.floor(latest.limit() * NEAR_LIMIT_SHARE) - sinceNear);
    }
    return Optional.of(new RequestBudget(latest.limit(), Math.max(0, left), latest.nearLimit(),
        latest.resource(), lastHour, latest.at()));
  }

  /** Whether the headers say the hourly budget is spent or nearly so. */
  synchronized boolean headersSayExhausted() {
    return budget().filter(b -> b.nearLimit() || b.remainingAtMost() == 0).isPresent();
  }

  private static Optional<Long> number(String value) {
    try {
      long parsed = Long.parseLong(value.trim());
      return parsed > 0 ? Optional.of(parsed) : Optional.empty();
    } catch (NumberFormatException unreadable) {
      return Optional.empty();
    }
  }

  /** Requests per minute over the last sixty minutes. */
  private static final class TrailingHour {
    private final long[] minutes = new long[60];
    private final long[] counts = new long[60];

    void add(Instant at) {
      long minute = at.getEpochSecond() / 60;
      int slot = (int) (minute % 60);
      if (minutes[slot] != minute) {
        minutes[slot] = minute;
        counts[slot] = 0;
      }
      counts[slot]++;
    }

    long count(Instant now) {
      long current = now.getEpochSecond() / 60;
      long total = 0;
      for (int slot = 0; slot < 60; slot++) {
        if (current - minutes[slot] < 60) {
          total += counts[slot];
        }
      }
      return total;
    }
  }
}
