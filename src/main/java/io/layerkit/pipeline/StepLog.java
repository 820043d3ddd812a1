package io.layerkit.pipeline;

/**
 * A package's log lines, sent as events to whatever the front end chose to show them with.
 *
 * @param prefix put before each message, e.g. the region a step runs in; empty for none
 */
record StepLog(PipelineListener listener, String packageName, String prefix) {

  StepLog(PipelineListener listener, String packageName) {
    this(listener, packageName, "");
  }

  /** The lines of the steps that run in one region, each naming it. */
  StepLog in(RegionParts region) {
    return region.name().map(name -> new StepLog(listener, packageName, name + ": "))
        .orElse(this);
  }

  void debug(String step, String message) {
    write(LogEvent.Level.DEBUG, step, message);
  }

  void info(String step, String message) {
    write(LogEvent.Level.INFO, step, message);
  }

  void warn(String step, String message) {
    write(LogEvent.Level.WARN, step, message);
  }

  void error(String step, String message) {
    write(LogEvent.Level.ERROR, step, message);
  }

  private void write(LogEvent.Level level, String step, String message) {
    listener.log(new LogEvent(level, packageName, step, prefix + message));
  }
}
