package io.layerkit.pipeline;

import io.layerkit.store.StoredObject;
import java.util.Optional;

/**
 * What is stored beside a zip to say what it holds and where it came from.
 *
 * @param sbom the CycloneDX SBOM ({@code <key>.cdx.json})
 * @param provenance the provenance ({@code <key>.intoto.jsonl})
 * @param attestationKey the key that signed the provenance (its ARN); empty when unsigned
 */
record Evidence(StoredObject sbom, StoredObject provenance, Optional<String> attestationKey) {}
