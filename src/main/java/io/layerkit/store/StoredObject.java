package io.layerkit.store;

import java.util.Optional;

/**
 * An object the store has confirmed.
 *
 * @param key the full key inside the store, prefix included, e.g. {@code layers/requests/requests-20261123223500.zip}
 * @param location where it lives, e.g. {@code s3://bucket/layers/requests/...} or a file URI
 * @param size size in bytes as the store reports it
 * @param sha256 lowercase hex SHA-256 as the store reports it
 * @param versionId the object version, when the store keeps versions
 */
public record StoredObject(
    String key, String location, long size, String sha256, Optional<String> versionId) {}
