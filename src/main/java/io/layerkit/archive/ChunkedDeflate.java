package io.layerkit.archive;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The chunks of one large entry on their way through the pool, seen from the thread reading the
 * entry: it hands each chunk over as it is read, and appends the deflated chunks to the entry's
 * spill buffer strictly in order. When every chunk buffer is in use, or at the end, it runs the
 * earliest chunk no worker has started, else waits for the earliest: so it never idles while its
 * own work waits in the queue, and a run with one thread still finishes.
 */
final class ChunkedDeflate {
  private final ChunkWorkers workers;
  private final long entryOrder;
  private final SpillBuffer spill;
  private final EntryCompressor own;
  private final AtomicBoolean aborted;
  private final Deque<ChunkJob> pending = new ArrayDeque<>();
  private byte[] nextDictionary;
  private int submitted;

  ChunkedDeflate(ChunkWorkers workers, long entryOrder, SpillBuffer spill, EntryCompressor own,
      AtomicBoolean aborted) {
    this.workers = workers;
    this.entryOrder = entryOrder;
    this.spill = spill;
    this.own = own;
    this.aborted = aborted;
  }

  /** A buffer for the next chunk's content; helps with, or waits for, earlier chunks first. */
  byte[] buffer() throws IOException {
    while (true) {
      byte[] buffer = workers.tryTake();
      if (buffer != null) {
        return buffer;
      }
      if (pending.isEmpty()) {
        return workers.take(aborted); // other entries hold them all; they free them as they go
      }
      completeEarliest();
    }
  }

  /** Gives back a buffer that did not become a chunk. */
  void release(byte[] buffer) {
    workers.give(buffer);
  }

  /** Hands over the next chunk, {@code length} bytes of {@code buffer}, which it owns from now. */
  void submit(byte[] buffer, int length, boolean last) throws IOException {
    ChunkJob job = new ChunkJob(entryOrder, submitted++, buffer, length, nextDictionary, last);
    pending.add(job);
    // copied now: the buffer goes back to the pool as soon as this chunk is done
    nextDictionary = last ? null
        : Arrays.copyOfRange(buffer, Math.max(0, length - ChunkJob.DICTIONARY), length);
    workers.submit(job);
    appendFinished();
  }

  /** Runs or waits for the chunks still out, appending each in order. */
  void finish() throws IOException {
    while (!pending.isEmpty()) {
      completeEarliest();
    }
  }

  /** After a failure: takes back what no thread started, and waits for what one did. */
  void abandon() {
    for (ChunkJob job : pending) {
      if (!job.claim()) {
        try {
          job.await(aborted);
        } catch (IOException e) {
          continue; // aborted: the buffer goes with the run
        }
      }
      workers.give(job.input());
    }
    pending.clear();
  }

  /** Runs the earliest chunk nobody started, or else waits for the earliest; then appends. */
  private void completeEarliest() throws IOException {
    ChunkJob earliest = pending.peek();
    ChunkJob unstarted = null;
    for (ChunkJob job : pending) {
      if (!job.isDone() && job.claim()) {
        unstarted = job;
        break;
      }
    }
    if (unstarted != null) {
      own.runChunk(unstarted);
    } else {
      earliest.await(aborted);
    }
    appendFinished();
  }

  private void appendFinished() throws IOException {
    while (!pending.isEmpty() && pending.peek().isDone()) {
      ChunkJob job = pending.poll();
      byte[] output;
      try {
        output = job.output();
      } finally {
        workers.give(job.input());
      }
      spill.write(output, 0, output.length);
    }
  }
}
