package io.layerkit.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.Deflater;

/**
 * One chunk of a large entry, deflated on its own: primed with the 32 KiB of content before it
 * (so matches reach back as far as deflate's window does), and ended with a sync flush, or, for
 * the entry's last chunk, with the end of the stream. The chunks' outputs, joined in order, are
 * one valid deflate stream, and each depends only on its own bytes and the 32 KiB before them, so
 * the result is the same whichever thread runs which chunk.
 *
 * <p>Exactly one thread runs a chunk: the first to {@link #claim} it, a pool worker or the thread
 * reading the entry, which helps when it must wait.
 */
final class ChunkJob {
  /** Deflate's window: the most a match can reach back. */
  static final int DICTIONARY = 32 * 1024;

  private final long entryOrder;
  private final int index;
  private final byte[] input;
  private final int length;
  private final byte[] dictionary;
  private final boolean last;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CountDownLatch done = new CountDownLatch(1);
  private byte[] output;
  private Throwable failure;

  /**
   * @param entryOrder the entry's place in the zip, for the pool's priority
   * @param dictionary the content just before this chunk, or {@code null} for the first
   */
  ChunkJob(long entryOrder, int index, byte[] input, int length, byte[] dictionary, boolean last) {
    this.entryOrder = entryOrder;
    this.index = index;
    this.input = input;
    this.length = length;
    this.dictionary = dictionary;
    this.last = last;
  }

  long entryOrder() {
    return entryOrder;
  }

  int index() {
    return index;
  }

  byte[] input() {
    return input;
  }

  /** Whether the caller is the one to run this chunk. */
  boolean claim() {
    return claimed.compareAndSet(false, true);
  }

  /** Deflates the chunk; for the thread that claimed it. */
  void run(Deflater deflater, byte[] scratch) {
    try {
      output = deflate(deflater, scratch);
    } catch (RuntimeException | Error e) {
      failure = e;
    } finally {
      done.countDown();
    }
  }

  boolean isDone() {
    return done.getCount() == 0;
  }

  /** Waits until whoever claimed the chunk is done, or the run is aborted. */
  void await(AtomicBoolean aborted) throws InterruptedIOException {
    try {
      while (!done.await(50, TimeUnit.MILLISECONDS)) {
        if (aborted.get()) {
          throw new InterruptedIOException("archive aborted");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while deflating a chunk");
    }
  }

  /** The deflated bytes; only once {@link #isDone}. */
  byte[] output() throws IOException {
    if (failure != null) {
      throw new IOException("deflating a chunk failed: " + failure, failure);
    }
    return output;
  }

  private byte[] deflate(Deflater deflater, byte[] scratch) {
    deflater.reset();
    if (dictionary != null) {
      deflater.setDictionary(dictionary);
    }
    deflater.setInput(input, 0, length);
    int flush = last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH;
    if (last) {
      deflater.finish();
    }
    byte[] out = scratch;
    int filled = 0;
    while (true) {
      filled += deflater.deflate(out, filled, out.length - filled, flush);
      boolean complete = last ? deflater.finished() : filled < out.length;
      if (complete) {
        return Arrays.copyOf(out, filled);
      }
      if (filled == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
    }
  }
}
