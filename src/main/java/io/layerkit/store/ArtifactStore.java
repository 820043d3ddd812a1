package io.layerkit.store;

import java.io.IOException;
import java.util.List;
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

  /**
   * Every zip of the package the store holds under layerkit's own names
   * ({@code <package>-<yyyyMMddHHmmss>.zip}), oldest first, each with its SHA-256 as the store
   * reports it ({@code null} when the store cannot say). Companions (checksum records, SBOMs,
   * provenance) are not listed: they go with their zip.
   */
  List<StoredObject> list(String packageName) throws IOException;

  /**
   * Removes the zip and everything the store keeps beside it under its name (every version of
   * them, where the store keeps versions). Used only by retention, for objects nothing refers to.
   */
  void delete(StoredObject object) throws IOException;
}
