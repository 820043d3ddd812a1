package io.layerkit.pipeline;

import io.layerkit.archive.LayerArchiver;
import io.layerkit.archive.LayerValidator;
import io.layerkit.provenance.EnvelopeSigner;
import io.layerkit.publish.LayerPublisher;
import io.layerkit.registry.PackageLeases;
import io.layerkit.registry.ReleaseRegistry;
import io.layerkit.source.PackageSource;
import io.layerkit.store.ArtifactStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The parts a pipeline runs on, chosen by the front end. Only interfaces: the pipeline never
 * sees an AWS or HTTP type.
 *
 * @param source where packages come from
 * @param archiver writes zips
 * @param validator checks Lambda's rules
 * @param store keeps zips (publish, plan): the home region's
 * @param registry records releases (publish, plan): the home region's
 * @param publisher publishes layer versions, when asked: the home region's
 * @param clock the release timestamps' clock
 * @param regions each region's store, registry, publisher and signer, the home region first;
 *     one unnamed region of the store, registry and publisher above when none is given
 * @param leases lets one run at a time publish a package (publish): the home region's
 * @param attestation signs provenance, when a key is given; unsigned otherwise. One envelope
 *     per package, signed once and stored in every region
 */
public record Parts(
    PackageSource source,
    LayerArchiver archiver,
    LayerValidator validator,
    Optional<ArtifactStore> store,
    Optional<ReleaseRegistry> registry,
    Optional<LayerPublisher> publisher,
    Clock clock,
    List<RegionParts> regions,
    Optional<PackageLeases> leases,
    Optional<EnvelopeSigner> attestation) {

  public Parts {
    regions = List.copyOf(regions);
    if (regions.isEmpty() && store.isPresent() && registry.isPresent()) {
      regions = List.of(new RegionParts(Optional.empty(), store.get(), registry.get(), publisher,
          Optional.empty()));
    }
  }

  /** Parts for one unnamed region, signing nothing and without leases (tests, one-off tools). */
  public Parts(PackageSource source, LayerArchiver archiver, LayerValidator validator,
      Optional<ArtifactStore> store, Optional<ReleaseRegistry> registry,
      Optional<LayerPublisher> publisher, Clock clock) {
    this(source, archiver, validator, store, registry, publisher, clock, List.of(),
        Optional.empty(), Optional.empty());
  }

  /** Whether the run names its regions (and reports each). */
  boolean namesRegions() {
    return regions.stream().anyMatch(r -> r.name().isPresent());
  }
}
