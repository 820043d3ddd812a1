package io.layerkit.archive;

import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
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
 * list order, so the order of the zip never depends on which worker finishes first.
 *
 * <p>Entries are submitted ahead of the one the writer waits for, within a window: at most
 * {@code maxEntries} entries, whose in-memory share ({@code min(size, spillThreshold)} each)
 * stays within {@code memoryBudget} bytes; the first {@code workers} entries are always allowed.
 * A wide window keeps every worker busy while a large entry holds up the writer; the budget keeps
 * memory, and temporary disk for entries that spill, bounded whatever the layer's size.
 */
final class OrderedCompression implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final List<TreeEntry> entries;
  private int submitted;
  private final ContentOpener opener;
  private final SpillArea spills;
  private final int spillThreshold;
  private final int workers;
  private final int maxEntries;
  private final long memoryBudget;
  private long memoryInFlight;
  private final ExecutorService pool;
  private final int level;
  private final int probeSize;
  /** Compressors free for the next task; workers make them when first needed, off the writer. */
  private final BlockingQueue<EntryCompressor> compressors;
  private final Deque<InFlight> inFlight = new ArrayDeque<>();
  private final AtomicBoolean aborted = new AtomicBoolean();

  private record InFlight(Future<CompressedEntry> result, long memory) {}

  OrderedCompression(List<TreeEntry> entries, ContentOpener opener, SpillArea spills, int workers,
      int maxEntries, long memoryBudget, int level, int probeSize, int spillThreshold) {
    this.entries = List.copyOf(entries);
    this.opener = opener;
    this.spills = spills;
    this.spillThreshold = spillThreshold;
    this.workers = workers;
    this.maxEntries = Math.max(maxEntries, workers);
    this.memoryBudget = memoryBudget;
    this.level = level;
    this.probeSize = probeSize;
    this.compressors = new ArrayBlockingQueue<>(workers);
    this.pool = Executors.newFixedThreadPool(workers, daemonThreads());
    fill();
  }

  /** The next entry in list order, waiting for its worker if needed. */
  CompressedEntry next() throws IOException {
    InFlight head = inFlight.poll();
    if (head == null) {
      throw new IllegalStateException("no entry left to take");
    }
    memoryInFlight -= head.memory();
    try {
      CompressedEntry done = head.result().get();
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
    while (submitted < entries.size()) {
      TreeEntry entry = entries.get(submitted);
      long memory = Math.min(entry.size(), spillThreshold);
      boolean room = inFlight.size() < maxEntries && memoryInFlight + memory <= memoryBudget;
      if (inFlight.size() >= workers && !room) {
        return;
      }
      inFlight.add(new InFlight(pool.submit(() -> compress(entry)), memory));
      memoryInFlight += memory;
      submitted++;
    }
  }

  private CompressedEntry compress(TreeEntry entry) throws IOException {
    if (aborted.get()) {
      throw new InterruptedIOException("archive aborted");
    }
    EntryCompressor free = compressors.poll();
    EntryCompressor compressor = free != null ? free : new EntryCompressor(level, probeSize);
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
    for (InFlight waiting : inFlight) {
      Future<CompressedEntry> future = waiting.result();
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
