package io.layerkit.lambda;

import io.layerkit.pipeline.Pace;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Decides whether an invocation still has time to start another package. Lambda stops a function
 * hard at its timeout, mid-upload if need be; stopping between packages instead leaves nothing
 * half done and lets a CodePipeline job continue in a fresh invocation.
 *
 * <p>Another package starts only while the remaining time exceeds the reserve (to report the
 * outcome) plus one and a half times the slowest package so far: packages of one repository tend
 * to be alike, and the margin absorbs a slower one.
 *
 * @param remainingMillis the invocation's remaining time ({@code Context::getRemainingTimeInMillis})
 * @param reserve time kept for reporting after the last package
 */
public record TimeBudget(IntSupplier remainingMillis, Duration reserve) implements Pace {

  /** Enough for PutJobSuccessResult, the execution ledger and the response, with retries. */
  public static final Duration DEFAULT_RESERVE = Duration.ofSeconds(20);

  @Override
  public boolean roomForAnother(Duration slowestSoFar) {
    long needed = reserve.toMillis() + slowestSoFar.toMillis() * 3 / 2;
    return remainingMillis.getAsInt() > needed;
  }

  /** The remaining time less the reserve for reporting. */
  @Override
  public Duration timeLeft() {
    Duration left = remaining().minus(reserve);
    return left.isNegative() ? Duration.ZERO : left;
  }

  public Duration remaining() {
    return Duration.ofMillis(Math.max(0, remainingMillis.getAsInt()));
  }
}
