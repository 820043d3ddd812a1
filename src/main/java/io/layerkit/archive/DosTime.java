package io.layerkit.archive;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The zip entry time layerkit writes: the MS-DOS date and time fields holding the UTC wall clock
 * of the configured timestamp. {@link ZipWriter} writes these fields as they are, so every machine
 * writes the same two fields whatever its time zone (a zip library that derives them from a Java
 * time converts through the JVM's zone, and adds extended-timestamp extra fields of its own).
 *
 * @param wallClock the UTC wall clock, truncated to the even second DOS can hold
 */
record DosTime(LocalDateTime wallClock) {

  static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

  /** The latest time the DOS year field (seven bits from 1980) holds. */
  static final Instant LATEST = Instant.parse("2107-12-31T23:59:58Z");

  static DosTime of(Instant timestamp) {
    if (timestamp.isBefore(EPOCH.toInstant(ZoneOffset.UTC)) || timestamp.isAfter(LATEST)) {
      throw new IllegalArgumentException("timestamp " + timestamp
          + " cannot be stored in a zip entry; use a time between 1980-01-01 and " + LATEST);
    }
    LocalDateTime wall =
        LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
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
}
