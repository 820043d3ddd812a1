package io.layerkit.retention;

import java.io.IOException;

/** A failure to read or delete what retention needs, with a one-line message naming what and why. */
public class RetentionException extends IOException {
  public RetentionException(String message, Throwable cause) {
    super(message, cause);
  }
}
