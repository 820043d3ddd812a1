package io.layerkit.source.bitbucket;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Aborts downloads whose body has gone silent. The JDK HTTP client times out waiting for
 * response headers but not while a body streams; without this a half-dead connection would hang
 * an archive worker forever. One daemon thread sweeps all open downloads.
 */
final class StallWatchdog implements AutoCloseable {

  /** Something that reads from the network and can be cut off. */
  interface Watched {
    /** Nanos ({@link System#nanoTime}) of the last progress, or {@code Long.MAX_VALUE} when idle. */
    long busySince();

    /** Called from the watchdog thread: give up on the current connection. */
    void abortStalled();
  }

  private final long timeoutNanos;
  private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService sweeper;

  StallWatchdog(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "layerkit-bitbucket-stall-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    long period = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  void watch(Watched download) {
    watched.add(download);
  }

  void forget(Watched download) {
    watched.remove(download);
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Watched download : watched) {
      long since = download.busySince();
      if (since != Long.MAX_VALUE && now - since > timeoutNanos) {
        try {
          download.abortStalled();
        } catch (RuntimeException e) {
          // One download's trouble must not end the sweeps: a failed scheduled run would stop
          // them all, and every later stalled download would hang.
        }
      }
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
