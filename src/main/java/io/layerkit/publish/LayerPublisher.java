package io.layerkit.publish;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Turns a stored zip into a Lambda layer version and grants access to it. */
public interface LayerPublisher {

  /**
   * Publishes the layer version, or reuses the latest one when its content SHA-256 matches, then
   * applies every sharing grant (idempotently).
   */
  PublishedLayer publish(LayerVersionRequest request) throws IOException;

  /**
   * The layer version as Lambda has it now (one GetLayerVersion), or empty when it was deleted.
   *
   * @param layerVersionArn a recorded version's ARN
   */
  Optional<PublishedLayer> find(String layerVersionArn) throws IOException;

  /**
   * Applies the grants {@code shareWith} asks for to an existing version (idempotently), without
   * publishing a new one: a grant is a permission of one version, not part of its content.
   */
  void share(String layerName, PublishedLayer version, List<String> shareWith) throws IOException;
}
