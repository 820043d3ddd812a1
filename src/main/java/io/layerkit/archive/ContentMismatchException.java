package io.layerkit.archive;

import java.io.IOException;

/** An entry's content did not match its listing: truncated download or a file changed under us. */
public final class ContentMismatchException extends IOException {
  public ContentMismatchException(String path, long expected, long actual) {
    super("'" + path + "' has " + actual + " bytes but was listed with " + expected
        + "; it changed while reading or the download was cut short");
  }
}
