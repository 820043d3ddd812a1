package io.layerkit.config;

/** A usage or configuration error (exit status 2): one line naming the setting and the fix. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
