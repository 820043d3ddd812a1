package io.layerkit.source;

/**
 * A package whose estimated requests exceed what is left of the remote's hourly budget, refused
 * before they are spent. The message says what to do instead.
 */
public final class RequestBudgetException extends SourceException {
  private final RequestEstimate estimate;
  private final RequestBudget budget;

  public RequestBudgetException(String message, RequestEstimate estimate, RequestBudget budget) {
    super(message);
    this.estimate = estimate;
    this.budget = budget;
  }

  public RequestEstimate estimate() {
    return estimate;
  }

  public RequestBudget budget() {
    return budget;
  }
}
