package io.layerkit.pipeline;

import io.layerkit.provenance.Attestation;
import io.layerkit.provenance.Envelope;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Stores the provenance of a stored zip beside it ({@code <key>.intoto.jsonl}): signed with the
 * attestation key when one is given, unsigned (and said so) otherwise.
 */
final class StoreProvenanceStep implements Callable<Evidence> {
  private final ArtifactStore store;
  private final StoredObject zip;
  private final StoredObject sbom;
  private final PackageEvidence evidence;
  private final StepLog log;

  StoreProvenanceStep(ArtifactStore store, StoredObject zip, StoredObject sbom,
      PackageEvidence evidence, StepLog log) {
    this.store = store;
    this.zip = zip;
    this.sbom = sbom;
    this.evidence = evidence;
    this.log = log;
  }

  @Override
  public Evidence call() throws IOException {
    Envelope envelope = evidence.envelope(zip, sbom);
    String key = Attestation.keyFor(zip.key());
    Optional<String> signedBy = envelope.signatures().stream().findFirst()
        .map(signature -> signature.keyid());
    log.info("provenance", "storing " + key + signedBy.map(k -> " (signed with " + k + ")")
        .orElse(" (unsigned: no attestation key given)"));
    StoredObject provenance =
        store.putDocument(key, envelope.toJsonLine(), "application/vnd.in-toto+jsonl");
    return new Evidence(sbom, provenance, signedBy);
  }
}
