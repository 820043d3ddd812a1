package io.layerkit.source;

import java.time.Instant;

/**
 * A remote's hourly request budget as it last reported it, for the report and for refusing a
 * package that cannot fit in it.
 *
 * @param hourlyLimit requests the remote permits per hour
 * @param remainingAtMost requests left at most: what the remote's answers and this source's own
 *     count allow; the true figure can be lower (other clients share the budget), never higher
 * @param nearLimit the remote said the budget is nearly spent
 * @param resource the group of requests the budget counts, as the remote names it
 * @param sentLastHour requests this source sent to the remote in the trailing hour
 * @param observedAt when the remote last reported its budget
 */
public record RequestBudget(
    long hourlyLimit,
    long remainingAtMost,
    boolean nearLimit,
    String resource,
    long sentLastHour,
    Instant observedAt) {

  /** Whether the estimate can be spent within what is left. */
  public boolean covers(long requests) {
    return requests <= remainingAtMost;
  }
}
