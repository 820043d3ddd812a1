package io.layerkit.publish;

import java.io.IOException;

/** Turns a stored zip into a Lambda layer version and grants access to it. */
public interface LayerPublisher {

  /**
   * Publishes the layer version, or reuses the latest one when its content SHA-256 matches, then
   * applies every sharing grant (idempotently).
   */
  PublishedLayer publish(LayerVersionRequest request) throws IOException;
}
