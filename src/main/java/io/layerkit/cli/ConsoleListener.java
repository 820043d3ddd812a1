package io.layerkit.cli;

import io.layerkit.pipeline.LogEvent;
import io.layerkit.pipeline.PackageResult;
import io.layerkit.pipeline.PackageStatus;
import io.layerkit.pipeline.PipelineListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Renders pipeline events on stderr for a person: a progress bar (files and bytes) while a package
 * is fetched, when stderr is a terminal; one summary line per package; warnings and errors always;
 * step-by-step lines with {@code --verbose}.
 */
final class ConsoleListener implements PipelineListener {
  private final PrintStream err;
  private final boolean progressBars;
  private final boolean verbose;
  private final AtomicLong bytesDone = new AtomicLong();
  private volatile ProgressBar bar;
  private volatile long bytesTotal;

  ConsoleListener(PrintStream err, boolean progressBars, boolean verbose) {
    this.err = err;
    this.progressBars = progressBars;
    this.verbose = verbose;
  }

  @Override
  public void fetchStarted(String packageName, int files, long bytes) {
    if (!progressBars) {
      return;
    }
    bytesDone.set(0);
    bytesTotal = bytes;
    bar = new ProgressBarBuilder()
        .setTaskName(packageName)
        .setInitialMax(files)
        .setUnit(" files", 1)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(err))
        .setUpdateIntervalMillis(200)
        .hideEta()
        .build();
  }

  @Override
  public void entryDone(String packageName, long bytes) {
    ProgressBar current = bar;
    if (current != null) {
      long done = bytesDone.addAndGet(bytes);
      current.step();
      current.setExtraMessage(Sizes.human(done) + " / " + Sizes.human(bytesTotal));
    }
  }

  @Override
  public void packageFinished(PackageResult result) {
    closeBar();
    err.println(SummaryLine.of(result));
    if (result.status() != PackageStatus.FAILED) {
      result.warnings().forEach(w -> err.println("  warning: " + w));
    }
  }

  @Override
  public void log(LogEvent event) {
    boolean show = verbose ? event.level() != LogEvent.Level.DEBUG
        : event.level() == LogEvent.Level.ERROR && event.packageName() == null;
    if (show) {
      closeBar();
      String prefix = event.packageName() == null ? "" : event.packageName() + ": ";
      err.println(event.level().name().toLowerCase(Locale.ROOT) + ": " + prefix + event.message());
    }
  }

  private void closeBar() {
    ProgressBar current = bar;
    bar = null;
    if (current != null) {
      current.close();
    }
  }
}
