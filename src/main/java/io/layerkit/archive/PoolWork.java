package io.layerkit.archive;

/**
 * Work for an archive run's pool, which runs the earliest first: by the entry's place in the zip,
 * then by its step within the entry (reading the entry, then its chunks in order). The writer
 * waits for entries in zip order, so the earliest work is what it waits for next. The two make
 * one number, so the pool's queue orders its work with one comparison.
 */
abstract class PoolWork implements Runnable, Comparable<PoolWork> {
  /** The step of reading an entry, before any of its chunks. */
  static final int READ = -1;

  private static final int STEP_BITS = 24;

  private final long priority;

  /**
   * @param step {@link #READ}, or a chunk's index: fewer than 2^24 - 1 chunks of 1 MiB each
   */
  PoolWork(long entryOrder, int step) {
    this.priority = (entryOrder << STEP_BITS) | (step + 1L);
  }

  @Override
  public final int compareTo(PoolWork other) {
    return Long.compare(priority, other.priority);
  }
}
