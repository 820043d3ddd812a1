package io.layerkit.archive;

import java.util.Comparator;

/**
 * Work for an archive run's pool, which runs the earliest first: by the entry's place in the zip,
 * then by its step within the entry (reading the entry, then its chunks in order). The writer
 * waits for entries in zip order, so the earliest work is what it waits for next.
 */
interface PoolWork {
  /** Reading an entry, before any of its chunks. */
  int READ = -1;

  Comparator<Runnable> EARLIEST_FIRST = Comparator
      .comparingLong((Runnable work) -> ((PoolWork) work).entryOrder())
      .thenComparingInt(work -> ((PoolWork) work).step());

  long entryOrder();

  int step();
}
