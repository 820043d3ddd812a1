package io.layerkit.registry;

import java.io.IOException;

/** A registry failure with a one-line message naming the registry and what to check. */
public class RegistryException extends IOException {
  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
