package io.layerkit.archive;

import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
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
 *
 * <p>Large entries are deflated in chunks on the same pool ({@link ChunkWorkers}); the pool runs
 * the earliest work first ({@link PoolWork}), so the chunks of the entry the writer waits for go
 * ahead of later entries.
 */
final class OrderedCompression implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  /**
   * Chunk buffers per run: one per worker and one being read, and at most four (about 13 MiB with
   * their outputs), so a many-core machine's memory stays that of a few chunks.
   */
  static int chunkBuffers(int workers) {
    return Math.max(2, Math.min(workers + 1, 4));
  }

  private final List<TreeEntry> entries;
  private int submitted;
  private final int spillThreshold;
  private final int workers;
  private final int maxEntries;
  private final long memoryBudget;
  private long memoryInFlight;
  private final ThreadPoolExecutor pool;
  private final CompressorPool compressors;
  private final ArchiveRun run;
  private final Deque<InFlight> inFlight = new ArrayDeque<>();
  private final AtomicBoolean aborted = new AtomicBoolean();

  private record InFlight(CompletableFuture<CompressedEntry> result, long memory) {}

  OrderedCompression(List<TreeEntry> entries, ContentOpener opener, SpillArea spills, int workers,
      int maxEntries, long memoryBudget, int level, int probeSize, int spillThreshold,
      int chunkSize) {
    this.entries = List.copyOf(entries);
    this.spillThreshold = spillThreshold;
    this.workers = workers;
    this.maxEntries = Math.max(maxEntries, workers);
    this.memoryBudget = memoryBudget;
    this.compressors = new CompressorPool(() -> new EntryCompressor(level, probeSize));
    this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS,
        new PriorityBlockingQueue<>(), daemonThreads());
    this.run = new ArchiveRun(opener, spills, spillThreshold,
        new ChunkWorkers(pool, compressors, chunkSize, chunkBuffers(workers)), aborted);
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
      EntryWork work = new EntryWork(entry, submitted);
      inFlight.add(new InFlight(work.result, memory));
      pool.execute(work);
      memoryInFlight += memory;
      submitted++;
    }
  }

  /** Reading and compressing one entry: the first step of its work. */
  private final class EntryWork extends PoolWork {
    private final TreeEntry entry;
    private final long order;
    private final CompletableFuture<CompressedEntry> result = new CompletableFuture<>();

    EntryWork(TreeEntry entry, long order) {
      super(order, READ);
      this.entry = entry;
      this.order = order;
    }

    @Override
    public void run() {
      try {
        result.complete(compress(entry, order));
      } catch (IOException | RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    }
  }

  private CompressedEntry compress(TreeEntry entry, long order) throws IOException {
    if (aborted.get()) {
      throw new InterruptedIOException("archive aborted");
    }
    EntryCompressor compressor = compressors.take();
    try {
      return compressor.compress(entry, order, run);
    } catch (ContentMismatchException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot read '" + entry.path() + "': " + describe(e), e);
    } finally {
      compressors.give(compressor);
    }
  }

  /**
   * Stops the workers and releases what they produced but nobody took. Workers stuck in a read
   * that ignores interrupts are left to finish: the {@link SpillArea} removes their files, and
   * their compressors end as they come back ({@link CompressorPool}).
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
      CompletableFuture<CompressedEntry> future = waiting.result();
      if (future.isDone() && !future.isCompletedExceptionally()) {
        try {
          future.join().close();
        } catch (IOException | RuntimeException ignored) {
          // the spill area deletes what is left
        }
      }
    }
    inFlight.clear();
    compressors.close();
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
