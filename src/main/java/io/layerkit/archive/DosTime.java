package io.layerkit.archive;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The zip entry time layerkit writes: the MS-DOS date and time fields holding the UTC wall clock
 * of the configured timestamp, so that every machine writes the same two fields.
 *
 * <p>Commons Compress derives the fields from the entry's Java time through the JVM's default
 * time zone, and adds extended-timestamp extra fields when its own {@code setTime} judges a time
 * to be outside DOS range (1980-01-01 00:00 included, depending on the zone it first ran in). So
 * the archiver never calls {@code setTime}: it sets the wall clock as a local time
 * ({@code ZipEntry.setTimeLocal}), which the zone converts there and back unchanged
 * ({@link #survivesConversionIn}). Where the zone skips that wall clock (a daylight-saving gap),
 * or the zone changes while writing, it writes {@link #PLACEHOLDER} and sets the fields
 * afterwards with {@link DosTimeRewriter}.
 *
 * @param wallClock the UTC wall clock, truncated to the even second DOS can hold
 */
record DosTime(LocalDateTime wallClock) {

  static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

  /** A wall clock every zone has and Commons Compress accepts, to be overwritten. */
  static final LocalDateTime PLACEHOLDER = LocalDateTime.of(2000, 1, 1, 12, 0);

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

  /** Whether converting the wall clock to a Java time in {@code zone} and back gives it again. */
  boolean survivesConversionIn(ZoneId zone) {
    Instant there = wallClock.atZone(zone).toInstant();
    return LocalDateTime.ofInstant(there, zone).equals(wallClock);
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
