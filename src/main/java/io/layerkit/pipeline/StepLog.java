package io.layerkit.pipeline;

/** A package's log lines, sent as events to whatever the front end chose to show them with. */
record StepLog(PipelineListener listener, String packageName) {

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
    listener.log(new LogEvent(level, packageName, step, message));
  }
}
