package io.layerkit.archive;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * The entry compressors of one archive run, each lent to one thread at a time and made when none
 * is free. Their deflaters hold native memory, so each is ended exactly once: on {@link #close}
 * if it is back by then, or as it comes back if a worker was still busy with it when the run
 * closed.
 */
final class CompressorPool implements AutoCloseable {
  private final Supplier<EntryCompressor> factory;
  private final Deque<EntryCompressor> free = new ArrayDeque<>();
  private boolean closed;

  CompressorPool(Supplier<EntryCompressor> factory) {
    this.factory = factory;
  }

  EntryCompressor take() {
    synchronized (this) {
      EntryCompressor compressor = free.poll();
      if (compressor != null) {
        return compressor;
      }
    }
    return factory.get();
  }

  void give(EntryCompressor compressor) {
    synchronized (this) {
      if (!closed) {
        free.push(compressor);
        return;
      }
    }
    compressor.end();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      free.forEach(EntryCompressor::end);
      free.clear();
    }
  }
}
