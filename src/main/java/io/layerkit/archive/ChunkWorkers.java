package io.layerkit.archive;

import java.io.InterruptedIOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the large entries of one archive run share to deflate their chunks in parallel: a fixed
 * number of chunk buffers, so memory stays bounded however many large entries are read at once,
 * and the run's pool, which deflates chunks with a compressor it borrows.
 */
final class ChunkWorkers {
  private final Executor pool;
  private final CompressorPool compressors;
  private final int chunkSize;
  private final Semaphore buffers;
  private final Queue<byte[]> free = new ConcurrentLinkedQueue<>();

  /**
   * @param pool runs chunks queued by {@link #submit}; {@code null} leaves every chunk to the
   *     thread reading its entry
   * @param buffers how many chunks may be held at once, read or deflated, by all entries together
   */
  ChunkWorkers(Executor pool, CompressorPool compressors, int chunkSize, int buffers) {
    this.pool = pool;
    this.compressors = compressors;
    this.chunkSize = chunkSize;
    this.buffers = new Semaphore(buffers);
  }

  /** Chunks run only on the thread reading their entry: for tests and single-entry use. */
  static ChunkWorkers onTheReadingThread(int chunkSize) {
    return new ChunkWorkers(null, null, chunkSize, 2);
  }

  int chunkSize() {
    return chunkSize;
  }

  /** A chunk buffer, or {@code null} when all are taken. */
  byte[] tryTake() {
    return buffers.tryAcquire() ? bufferFor() : null;
  }

  /** A chunk buffer, waiting for one. */
  byte[] take(AtomicBoolean aborted) throws InterruptedIOException {
    try {
      while (!buffers.tryAcquire(50, TimeUnit.MILLISECONDS)) {
        if (aborted.get()) {
          throw new InterruptedIOException("archive aborted");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a chunk buffer");
    }
    return bufferFor();
  }

  void give(byte[] buffer) {
    free.add(buffer);
    buffers.release();
  }

  /** Queues a chunk for the pool; the reading thread runs it itself if no worker got to it. */
  void submit(ChunkJob job) {
    if (pool != null) {
      pool.execute(new Queued(job, compressors));
    }
  }

  private byte[] bufferFor() {
    byte[] buffer = free.poll();
    return buffer != null ? buffer : new byte[chunkSize];
  }

  /** A chunk waiting in the pool's queue, ahead of every later entry's work. */
  static final class Queued extends PoolWork {
    private final ChunkJob job;
    private final CompressorPool compressors;

    Queued(ChunkJob job, CompressorPool compressors) {
      super(job.entryOrder(), job.index());
      this.job = job;
      this.compressors = compressors;
    }

    @Override
    public void run() {
      if (!job.claim()) {
        return; // the reading thread ran it while it waited in the queue
      }
      EntryCompressor compressor = compressors.take();
      try {
        compressor.runChunk(job);
      } finally {
        compressors.give(compressor);
      }
    }
  }
}
