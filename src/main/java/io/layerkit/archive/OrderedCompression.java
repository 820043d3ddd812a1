package io.layerkit.archive;

import io.layerkit.source.TreeEntry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compresses a list of entries on a fixed pool of workers and hands the results back strictly in
 * list order. At most {@code window} entries are submitted and not yet taken, so memory and
 * temporary disk stay bounded by the window, not by the layer's size; the order of the zip never
 * depends on which worker finishes first.
 */
final class OrderedCompression implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Iterator<TreeEntry> pending;
  private final ContentOpener opener;
  private final SpillArea spills;
  private final int spillThreshold;
  private final int window;
  private final ExecutorService pool;
  private final BlockingQueue<EntryCompressor> compressors;
  private final Deque<Future<CompressedEntry>> inFlight = new ArrayDeque<>();
  private final AtomicBoolean aborted = new AtomicBoolean();

  OrderedCompression(List<TreeEntry> entries, ContentOpener opener, SpillArea spills,
      int workers, int window, int level, int probeSize, int spillThreshold) {
    this.pending = entries.iterator();
    this.opener = opener;
    this.spills = spills;
    this.spillThreshold = spillThreshold;
    this.window = Math.max(window, workers);
    this.compressors = new ArrayBlockingQueue<>(workers);
    for (int i = 0; i < workers; i++) {
      compressors.add(new EntryCompressor(level, probeSize));
    }
    this.pool = Executors.newFixedThreadPool(workers, daemonThreads());
    fill();
  }

  /** The next entry in list order, waiting for its worker if needed. */
  CompressedEntry next() throws IOException {
    Future<CompressedEntry> head = inFlight.poll();
    if (head == null) {
      throw new IllegalStateException("no entry left to take");
    }
    try {
      CompressedEntry done = head.get();
      fill();
      return done;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing entries");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  private void fill() {
    while (inFlight.size() < window && pending.hasNext()) {
      TreeEntry entry = pending.next();
      inFlight.add(pool.submit(() -> compress(entry)));
    }
  }

  private CompressedEntry compress(TreeEntry entry) throws IOException {
    if (aborted.get()) {
      throw new InterruptedIOException("archive aborted");
    }
    EntryCompressor compressor = compressors.remove();
    try {
      return compressor.compress(entry, opener, spills, spillThreshold, aborted);
    } catch (ContentMismatchException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot read '" + entry.path() + "': " + describe(e), e);
    } finally {
      compressors.add(compressor);
    }
  }

  /**
   * Stops the workers and releases what they produced but nobody took. Workers stuck in a read
   * that ignores interrupts are left to finish; the {@link SpillArea} removes their files.
   */
  @Override
  public void close() {
    aborted.set(true);
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Future<CompressedEntry> future : inFlight) {
      if (future.isDone() && !future.isCancelled()) {
        try {
          future.get().close();
        } catch (ExecutionException | InterruptedException | IOException ignored) {
          // a failed entry released its own buffer; the spill area deletes what is left
        }
      }
    }
    inFlight.clear();
    for (EntryCompressor compressor = compressors.poll(); compressor != null;
        compressor = compressors.poll()) {
      compressor.end();
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static ThreadFactory daemonThreads() {
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "layerkit-archive-" + pool + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
