package io.layerkit.retention;

import java.time.Duration;

/**
 * What retention keeps besides what is in use: the newest {@code keepNewest} layer versions (and
 * releases), and whatever is younger than {@code keepYoungerThan}.
 *
 * @param keepNewest how many of the newest versions to keep ({@code --keep}, default 5)
 * @param keepYoungerThan versions and objects younger than this are kept ({@code --keep-days});
 *     {@link Duration#ZERO} keeps none for their age
 */
public record RetentionPolicy(int keepNewest, Duration keepYoungerThan) {
  public static final int DEFAULT_KEEP = 5;

  /**
   * A stored object this young is never deleted, whatever the policy: a publish running right now
   * may have stored it and not yet recorded or published it.
   */
  public static final Duration OBJECT_GRACE = Duration.ofHours(1);

  public RetentionPolicy {
    if (keepNewest < 0) {
      throw new IllegalArgumentException("--keep " + keepNewest
          + " is negative: give how many of the newest versions to keep (default 5)");
    }
    if (keepYoungerThan.isNegative()) {
      throw new IllegalArgumentException("--keep-days " + keepYoungerThan.toDays()
          + " is negative: give an age in days, or 0");
    }
  }

  /** From the command line's values; {@code null} means the default. */
  public static RetentionPolicy of(Integer keep, Integer keepDays) {
    if (keepDays != null && keepDays < 0) {
      throw new IllegalArgumentException("--keep-days " + keepDays
          + " is negative: give an age in days, or 0");
    }
    return new RetentionPolicy(keep == null ? DEFAULT_KEEP : keep,
        keepDays == null ? Duration.ZERO : Duration.ofDays(keepDays));
  }

  public static RetentionPolicy keepNewest(int keep) {
    return new RetentionPolicy(keep, Duration.ZERO);
  }
}
