package io.layerkit.aws;

/**
 * A secret could not be read at this moment (throttling, a service error, no network): nothing
 * is wrong with the configuration, and running again is the fix. Never carries the secret.
 */
public final class SecretUnavailableException extends RuntimeException {
  public SecretUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
