package io.layerkit.archive;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Removes the temporary files of archive runs still going when the JVM shuts down (SIGTERM,
 * Ctrl-C, {@code System.exit}): a run removes its own in a finally block, which a shutdown never
 * reaches while the run's thread is still working. One hook for the process, added on first use.
 */
final class ExitCleanup {
  private static final Set<Runnable> PENDING = ConcurrentHashMap.newKeySet();
  private static boolean hooked;

  private ExitCleanup() {}

  /** Runs {@code cleanup} at shutdown unless the returned registration is closed first. */
  static Registration register(Runnable cleanup) {
    hookOnce();
    PENDING.add(cleanup);
    return () -> PENDING.remove(cleanup);
  }

  /** Ends a run's claim on the shutdown; the run cleaned up itself. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private static synchronized void hookOnce() {
    if (hooked) {
      return;
    }
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(ExitCleanup::runPending,
          "layerkit-archive-cleanup"));
      hooked = true;
    } catch (IllegalStateException e) {
      // already shutting down: the run's own finally block is all that is left
    }
  }

  private static void runPending() {
    for (Runnable cleanup : PENDING) {
      try {
        cleanup.run();
      } catch (RuntimeException e) {
        // best effort while the JVM stops: the next cleanup still runs
      }
    }
  }
}
