package io.layerkit.source.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The watchdog keeps cutting off silent downloads, whatever one of them does when cut off. */
class StallWatchdogTest {

  /** A download that has been silent since it was made. */
  private static final class Silent implements StallWatchdog.Watched {
    private final long since = System.nanoTime();
    private final CountDownLatch aborted = new CountDownLatch(1);
    private final boolean failsWhenAborted;

    Silent(boolean failsWhenAborted) {
      this.failsWhenAborted = failsWhenAborted;
    }

    @Override
    public long busySince() {
      return since;
    }

    @Override
    public void abortStalled() {
      aborted.countDown();
      if (failsWhenAborted) {
        // e.g. a download that finished and let go of its body while the sweep looked at it
        throw new IllegalStateException("already finished");
      }
    }
  }

  @Test
  void aDownloadThatFailsWhenCutOffDoesNotStopTheWatchdog() throws InterruptedException {
    try (StallWatchdog watchdog = new StallWatchdog(Duration.ofMillis(40))) {
      Silent failing = new Silent(true);
      watchdog.watch(failing);
      assertThat(failing.aborted.await(5, TimeUnit.SECONDS)).isTrue();
      watchdog.forget(failing);

      Silent next = new Silent(false);
      watchdog.watch(next);

      assertThat(next.aborted.await(5, TimeUnit.SECONDS))
          .as("a later silent download is still cut off").isTrue();
    }
  }
}
