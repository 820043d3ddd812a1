package io.layerkit.source.bitbucket;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches small files while their package is still being listed. A listing's pages come one after
 * another (each names the next), so while they do, all request slots but one would stand idle;
 * here they fetch the files already listed, which the archiver would fetch next anyway. Each file
 * is still requested once: {@link #take} hands over the bytes, or waits for a fetch under way.
 *
 * <p>Bounded: files of at most {@link #MAX_FILE} bytes, at most {@code maxBytes} held, at most
 * {@code threads} fetches at once (one slot fewer than the source has, so the listing always finds
 * one). Once the listing is done, {@link #stopStarting} drops the fetches not yet begun: from then
 * on the archiver asks for files in its own order. What is not taken is dropped by
 * {@link #clear}. A fetch that fails is forgotten: the file is fetched again when opened, and its
 * failure told then.
 */
final class Prefetcher implements AutoCloseable {
  static final long MAX_FILE = 1024 * 1024;
  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  /** Reads one file whole. */
  interface Fetch {
    InputStream open(String commit, String path, long size) throws java.io.IOException;
  }

  /** A fetch ahead: queued until {@code started} is won by its thread or by a drop. */
  private record Pending(Future<byte[]> bytes, long size, AtomicBoolean started) {}

  private final long maxBytes;
  private final Fetch fetch;
  private final ExecutorService pool;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong held = new AtomicLong();

  Prefetcher(long maxBytes, int threads, Fetch fetch) {
    this.maxBytes = maxBytes;
    this.fetch = fetch;
    int number = POOL_NUMBER.incrementAndGet();
    AtomicInteger thread = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
      Thread t = new Thread(runnable,
          "layerkit-bitbucket-prefetch-" + number + "-" + thread.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts fetching a listed file, if it is small enough and there is room. */
  void offer(String commit, String path, long size) {
    if (size > MAX_FILE || !reserve(size)) {
      return;
    }
    AtomicBoolean started = new AtomicBoolean();
    Pending fetching = new Pending(pool.submit(() -> {
      if (!started.compareAndSet(false, true)) {
        return null; // dropped before it began
      }
      try (InputStream in = fetch.open(commit, path, size)) {
        return in.readAllBytes();
      }
    }), size, started);
    if (pending.putIfAbsent(key(commit, path), fetching) != null) {
      fetching.bytes().cancel(true);
      held.addAndGet(-size);
    }
  }

  /** Drops the fetches not begun yet; those under way finish and wait to be taken. */
  void stopStarting() {
    pending.forEach((key, fetching) -> {
      if (fetching.started().compareAndSet(false, true) && pending.remove(key, fetching)) {
        fetching.bytes().cancel(false);
        held.addAndGet(-fetching.size());
      }
    });
  }

  /** The file's bytes if they were fetched ahead, waiting for a fetch under way. */
  Optional<InputStream> take(String commit, String path) throws InterruptedIOException {
    Pending fetched = pending.remove(key(commit, path));
    if (fetched == null) {
      return Optional.empty();
    }
    try {
      byte[] bytes = fetched.bytes().get();
      return bytes == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(bytes));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a file fetched ahead");
    } catch (ExecutionException | java.util.concurrent.CancellationException failed) {
      return Optional.empty();
    } finally {
      held.addAndGet(-fetched.size());
    }
  }

  /** Drops what was fetched ahead and not taken, and stops what is still under way. */
  void clear() {
    for (String key : pending.keySet()) {
      Pending dropped = pending.remove(key);
      if (dropped != null) {
        dropped.bytes().cancel(true);
        held.addAndGet(-dropped.size());
      }
    }
  }

  @Override
  public void close() {
    clear();
    pool.shutdownNow();
  }

  private boolean reserve(long size) {
    while (true) {
      long now = held.get();
      if (now + size > maxBytes) {
        return false;
      }
      if (held.compareAndSet(now, now + size)) {
        return true;
      }
    }
  }

  private static String key(String commit, String path) {
    return commit + ":" + path;
  }
}
