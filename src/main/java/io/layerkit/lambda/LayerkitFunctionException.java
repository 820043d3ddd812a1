package io.layerkit.lambda;

/**
 * Fails an invocation with one line: Lambda reports its message as the invocation's
 * {@code errorMessage}, counts it in the function's error metric and retries asynchronous
 * invocations. The message never holds a credential.
 */
public final class LayerkitFunctionException extends RuntimeException {
  public LayerkitFunctionException(String message, Throwable cause) {
    super(message, cause);
  }
}
