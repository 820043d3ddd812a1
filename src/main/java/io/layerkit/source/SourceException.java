package io.layerkit.source;

import java.io.IOException;

/**
 * A source failure with a one-line message that names what failed (repository, ref, path) and
 * what to check. Never carries a credential.
 */
public class SourceException extends IOException {
  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
