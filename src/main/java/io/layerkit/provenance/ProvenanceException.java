package io.layerkit.provenance;

import java.io.IOException;

/**
 * A provenance document that cannot be read, or a signature that cannot be made or checked; the
 * message is one line naming what and why.
 */
public class ProvenanceException extends IOException {
  public ProvenanceException(String message) {
    super(message);
  }

  public ProvenanceException(String message, Throwable cause) {
    super(message, cause);
  }
}
