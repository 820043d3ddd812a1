package io.layerkit.archive;

import java.time.Instant;

/**
 * How archives are written. None of these change which entries go in; only {@code timestamp} and
 * {@code compressionLevel} change the bytes, and {@code concurrency} never does.
 *
 * @param timestamp the modification time stamped on every entry (DOS time, 2 s resolution)
 * @param concurrency threads reading and deflating entries
 * @param compressionLevel deflate level 0..9
 */
public record ArchiveSettings(Instant timestamp, int concurrency, int compressionLevel) {

  /** 1980-01-01T00:00:00, the earliest time a zip's DOS fields can hold. */
  public static final Instant DEFAULT_TIMESTAMP = Instant.parse("1980-01-01T00:00:00Z");

  public static final int DEFAULT_LEVEL = 6;

  public ArchiveSettings {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    if (compressionLevel < 0 || compressionLevel > 9) {
      throw new IllegalArgumentException("compression level must be 0..9, got " + compressionLevel);
    }
    if (timestamp.isBefore(DEFAULT_TIMESTAMP)) {
      throw new IllegalArgumentException(
          "timestamp " + timestamp + " is before 1980-01-01, which a zip cannot store");
    }
  }

  public static ArchiveSettings defaults() {
    return new ArchiveSettings(
        DEFAULT_TIMESTAMP, Runtime.getRuntime().availableProcessors(), DEFAULT_LEVEL);
  }

  public ArchiveSettings withConcurrency(int threads) {
    return new ArchiveSettings(timestamp, threads, compressionLevel);
  }

  public ArchiveSettings withTimestamp(Instant time) {
    return new ArchiveSettings(time, concurrency, compressionLevel);
  }
}
