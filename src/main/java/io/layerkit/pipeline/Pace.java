package io.layerkit.pipeline;

import java.time.Duration;

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
}
