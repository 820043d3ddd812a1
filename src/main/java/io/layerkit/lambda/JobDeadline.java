package io.layerkit.lambda;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action once the invocation's remaining time drops to half the {@link TimeBudget}'s
 * reserve, while there is still time to report. The budget keeps a package from starting when
 * it would not fit, but a started one can still outrun the invocation (a rate-limited source, a
 * slow upload); Lambda then stops the function mid-package, and a CodePipeline job that hears
 * nothing waits for CodePipeline's own timeout. Closing the watch cancels it.
 */
final class JobDeadline implements AutoCloseable {

  private final TimeBudget budget;
  private final Duration margin;
  private final Runnable atDeadline;
  private final ScheduledThreadPoolExecutor timer;

  private JobDeadline(TimeBudget budget, Runnable atDeadline) {
    this.budget = budget;
    this.margin = budget.reserve().dividedBy(2);
    this.atDeadline = atDeadline;
    this.timer = new ScheduledThreadPoolExecutor(1, work -> {
      Thread thread = new Thread(work, "layerkit-job-deadline");
      thread.setDaemon(true);
      return thread;
    });
    // closing cancels a pending check but lets a report in flight finish
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Starts watching {@code budget}; {@code atDeadline} runs at most once, on the watch's thread. */
  static JobDeadline watch(TimeBudget budget, Runnable atDeadline) {
    JobDeadline deadline = new JobDeadline(budget, atDeadline);
    deadline.check();
    return deadline;
  }

  // The remaining time is asked again at each check rather than computed once: it is the
  // runtime's figure, and only that says how long the invocation really has.
  private void check() {
    Duration left = budget.remaining();
    if (left.compareTo(margin) <= 0) {
      timer.execute(atDeadline);
    } else {
      timer.schedule(this::check, left.minus(margin).toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    timer.shutdown();
  }
}
