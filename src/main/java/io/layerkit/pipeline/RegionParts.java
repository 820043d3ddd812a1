package io.layerkit.pipeline;

import io.layerkit.publish.LayerPublisher;
import io.layerkit.publish.LayerSigner;
import io.layerkit.registry.ReleaseRegistry;
import io.layerkit.store.ArtifactStore;
import java.util.Optional;

/**
 * The parts of one region: a layer can only be used in its own region, Lambda reads it only
 * from a bucket there, and Signer signs only objects there, so each region has its own store,
 * registry, publisher and signer.
 *
 * @param name the region, e.g. {@code eu-west-1}; empty when the run names none (a local store)
 * @param store keeps the zip in this region
 * @param registry records this region's release
 * @param publisher publishes and shares layer versions in this region, when asked
 * @param signer code-signs this region's stored zip, when a signing profile is given
 */
public record RegionParts(
    Optional<String> name,
    ArtifactStore store,
    ReleaseRegistry registry,
    Optional<LayerPublisher> publisher,
    Optional<LayerSigner> signer) {

  /** A region whose zips are not code-signed. */
  public RegionParts(Optional<String> name, ArtifactStore store, ReleaseRegistry registry,
      Optional<LayerPublisher> publisher) {
    this(name, store, registry, publisher, Optional.empty());
  }
}
