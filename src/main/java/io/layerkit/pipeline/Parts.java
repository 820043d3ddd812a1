package io.layerkit.pipeline;

import io.layerkit.archive.LayerArchiver;
import io.layerkit.archive.LayerValidator;
import io.layerkit.provenance.EnvelopeSigner;
import io.layerkit.publish.LayerPublisher;
import io.layerkit.publish.LayerSigner;
import io.layerkit.registry.ReleaseRegistry;
import io.layerkit.source.PackageSource;
import io.layerkit.store.ArtifactStore;
import java.time.Clock;
import java.util.Optional;

/**
 * The parts a pipeline runs on, chosen by the front end. Only interfaces: the pipeline never
 * sees an AWS or HTTP type.
 *
 * @param source where packages come from
 * @param archiver writes zips
 * @param validator checks Lambda's rules
 * @param store keeps zips (publish, plan)
 * @param registry records releases (publish, plan)
 * @param publisher publishes layer versions, when asked
 * @param clock the release timestamps' clock
 * @param attestation signs provenance, when a key is given; unsigned otherwise
 * @param signer code-signs stored zips, when a signing profile is given
 */
public record Parts(
    PackageSource source,
    LayerArchiver archiver,
    LayerValidator validator,
    Optional<ArtifactStore> store,
    Optional<ReleaseRegistry> registry,
    Optional<LayerPublisher> publisher,
    Clock clock,
    Optional<EnvelopeSigner> attestation,
    Optional<LayerSigner> signer) {

  /** Parts that sign nothing: provenance unsigned, zips not code-signed. */
  public Parts(PackageSource source, LayerArchiver archiver, LayerValidator validator,
      Optional<ArtifactStore> store, Optional<ReleaseRegistry> registry,
      Optional<LayerPublisher> publisher, Clock clock) {
    this(source, archiver, validator, store, registry, publisher, clock, Optional.empty(),
        Optional.empty());
  }
}
