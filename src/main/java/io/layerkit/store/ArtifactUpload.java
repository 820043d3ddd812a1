package io.layerkit.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * A zip to store.
 *
 * @param packageName the package it belongs to
 * @param name the object name below the package, e.g. {@code requests-20261123223500.zip}
 * @param file the local zip
 * @param sha256 lowercase hex SHA-256 of the file, computed while it was written
 * @param size the file's size in bytes
 * @param metadata extra metadata (commit, source, content digest), stored with the object
 */
public record ArtifactUpload(
    String packageName, String name, Path file, String sha256, long size,
    Map<String, String> metadata) {

  public ArtifactUpload {
    metadata = Map.copyOf(metadata);
  }
}
