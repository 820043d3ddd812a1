package io.layerkit.store;

import java.io.IOException;
import java.util.Optional;

/**
 * Where layer zips are kept. Objects are written once and never overwritten.
 */
public interface ArtifactStore {

  /** A secret-free description, e.g. {@code s3://bucket/prefix/}. */
  String describe();

  /** The stored object of {@code packageName} whose SHA-256 is {@code sha256}, if any: reused instead of uploading again. */
  Optional<StoredObject> findBySha256(String packageName, String sha256) throws IOException;

  /**
   * Stores the zip, then confirms it (size and SHA-256 as the store sees them) before returning.
   * Never overwrites an existing object; leaves nothing partial behind on failure.
   */
  StoredObject put(ArtifactUpload upload) throws IOException;
}
