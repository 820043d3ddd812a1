package io.layerkit.publish;

import java.io.IOException;

/** A publishing failure with a one-line message naming the layer and what to check. */
public class PublishException extends IOException {
  public PublishException(String message) {
    super(message);
  }

  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
