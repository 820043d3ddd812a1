package io.layerkit.source.bitbucket;

import io.layerkit.source.SourceException;

/** A final answer that retrying cannot change (401, 403, 404, other 4xx), told in one line. */
final class ApiStatusException extends SourceException {
  private final int status;

  ApiStatusException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }

  boolean isNotFound() {
    return status == 404;
  }
}
