package io.layerkit.lambda;

/**
 * An event the function cannot act on. The message is one line naming what is wrong; it never
 * repeats event values other than ids, since events may carry credentials.
 */
public final class EventException extends RuntimeException {
  public EventException(String message) {
    super(message);
  }
}
