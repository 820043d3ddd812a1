package io.layerkit.pipeline;

import io.layerkit.publish.LayerPublisher;
import io.layerkit.registry.ReleaseRegistry;
import io.layerkit.store.ArtifactStore;
import java.util.Optional;

/**
 * The parts of one region: a layer can only be used in its own region, and Lambda reads it only
 * from a bucket there, so each region has its own store, registry and publisher.
 *
 * @param name the region, e.g. {@code eu-west-1}; empty when the run names none (a local store)
 * @param store keeps the zip in this region
 * @param registry records this region's release
 * @param publisher publishes and shares layer versions in this region, when asked
 */
public record RegionParts(
    Optional<String> name,
    ArtifactStore store,
    ReleaseRegistry registry,
    Optional<LayerPublisher> publisher) {}
