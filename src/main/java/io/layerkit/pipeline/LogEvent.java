package io.layerkit.pipeline;

/**
 * A log line from the pipeline; front ends decide how to show it (stderr, JSON log, nothing).
 *
 * @param level how important
 * @param packageName the package it concerns, or {@code null}
 * @param step the pipeline step, e.g. {@code fetch}
 * @param message one line, never a secret
 */
public record LogEvent(Level level, String packageName, String step, String message) {
  public enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }
}
