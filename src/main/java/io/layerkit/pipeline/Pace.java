package io.layerkit.pipeline;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Decides, between two packages, whether the run may start another one: a Lambda invocation
 * stops between packages while it can still report, instead of being cut off mid-upload.
 */
@FunctionalInterface
public interface Pace {
  /** Every package starts. */
  Pace UNLIMITED = slowestSoFar -> true;

  /** @param slowestSoFar the longest any package of this run took */
  boolean roomForAnother(Duration slowestSoFar);

  /** How long the run may still spend waiting (for another run's lease) and still report. */
  default Duration timeLeft() {
    return ChronoUnit.FOREVER.getDuration();
  }
}
