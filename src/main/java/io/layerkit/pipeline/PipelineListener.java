package io.layerkit.pipeline;

/**
 * Receives the pipeline's progress and log events. Core code never prints; the CLI renders a
 * progress bar, the Lambda handler writes JSON log lines, tests collect events.
 */
public interface PipelineListener {
  PipelineListener NONE = new PipelineListener() {};

  /** A package's tree is listed and its content is about to be fetched. */
  default void fetchStarted(String packageName, int files, long bytes) {}

  /** Another entry has been read and compressed. */
  default void entryDone(String packageName, long bytes) {}

  default void packageFinished(PackageResult result) {}

  default void log(LogEvent event) {}
}
