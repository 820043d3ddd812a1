package io.layerkit.archive;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;

/**
 * The zip entry time layerkit writes: the MS-DOS date and time fields holding the UTC wall clock
 * of the configured timestamp, so that every machine writes the same two fields.
 *
 * <p>Commons Compress turns an entry's Java time into DOS fields through the JVM's default time
 * zone. {@link #javaTimeIn} gives the Java time that this conversion maps onto exactly our fields;
 * where no such time exists (the wall clock falls into a daylight-saving gap of that zone) the
 * archiver rewrites the fields afterwards with {@link DosTimeRewriter}.
 *
 * @param wallClock the UTC wall clock, truncated to the even second DOS can hold
 */
record DosTime(LocalDateTime wallClock) {

  /** The latest instant whose DOS year field (7 bits from 1980) and Commons Compress accept. */
  static final Instant LATEST = Instant.parse("2097-12-31T23:59:58Z");

  static DosTime of(Instant timestamp) {
    if (timestamp.isBefore(Instant.parse("1980-01-01T00:00:00Z")) || timestamp.isAfter(LATEST)) {
      throw new IllegalArgumentException("timestamp " + timestamp
          + " cannot be stored in a zip entry; use a time between 1980-01-01 and " + LATEST);
    }
    LocalDateTime wall = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    return new DosTime(wall.withSecond(wall.getSecond() & ~1));
  }

  /** The 32-bit value of the zip header's time (low 16 bits) and date (high 16 bits) fields. */
  long fields() {
    LocalDateTime t = wallClock;
    return ((long) (t.getYear() - 1980) << 25)
        | ((long) t.getMonthValue() << 21)
        | ((long) t.getDayOfMonth() << 16)
        | ((long) t.getHour() << 11)
        | ((long) t.getMinute() << 5)
        | (t.getSecond() >> 1);
  }

  /**
   * The Java time (epoch millis) whose local date and time in {@code zone} is our wall clock, or
   * empty when that wall clock does not exist there (skipped by a daylight-saving change).
   */
  OptionalLong javaTimeIn(ZoneId zone) {
    long millis = wallClock.atZone(zone).toInstant().toEpochMilli();
    boolean exact = LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), zone).equals(wallClock);
    return exact ? OptionalLong.of(millis) : OptionalLong.empty();
  }

  /**
   * A Java time that is a valid DOS time in any zone, written when the exact one is missing and
   * overwritten afterwards: noon on 2000-01-01 is far from every DOS limit and every DST change.
   */
  static long placeholderJavaTimeIn(ZoneId zone) {
    return LocalDateTime.of(2000, 1, 1, 12, 0).atZone(zone).toInstant().toEpochMilli();
  }
}
