package io.layerkit.store;

import java.io.IOException;

/** A store failure with a one-line message naming the store, the key and what to check. */
public class StoreException extends IOException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
