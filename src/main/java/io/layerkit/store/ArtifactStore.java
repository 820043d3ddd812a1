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
   * The object at {@code key} as the store sees it now (one look, e.g. one HEAD), or empty when
   * it is gone: a recorded release is only as good as its object. Its SHA-256 is {@code null}
   * when the store keeps none for it (an object layerkit did not write, such as Signer's copy).
   */
  Optional<StoredObject> find(String key) throws IOException;

  /**
   * Whether the store keeps every version of an object, which a layer version that references
   * the object in place (rather than copying it) needs. Asked once; the answer is kept.
   */
  boolean keepsVersions() throws IOException;

  /**
   * Stores the zip, then confirms it (size and SHA-256 as the store sees them) before returning.
   * Never overwrites an existing object; leaves nothing partial behind on failure.
   */
  StoredObject put(ArtifactUpload upload) throws IOException;

  /**
   * Writes a small document beside a stored zip (its SBOM, its provenance) at {@code key}, the
   * full key a {@link StoredObject} has, and confirms it. A document at that key is replaced: it
   * describes the zip, which a re-run after a failure reuses.
   *
   * @param mediaType its content type, e.g. {@code application/vnd.cyclonedx+json}
   */
  StoredObject putDocument(String key, byte[] content, String mediaType) throws IOException;

  /**
   * The object at {@code key} as the store serves it now, its SHA-256 computed from the bytes
   * read (streamed, never held), so a replaced object shows its own digest; empty when there is
   * none.
   */
  Optional<StoredObject> hashObject(String key) throws IOException;

  /** The bytes of a document at {@code key}, at most {@code maxBytes}; empty when there is none. */
  Optional<byte[]> readDocument(String key, int maxBytes) throws IOException;

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

  /**
   * What every key stored for a zip begins with: the zip ({@code <stem>.zip}) and what is kept
   * beside it ({@code <stem>.zip.sha256}, {@code <stem>.cdx.json}, {@code <stem>.intoto.jsonl}).
   * Layerkit's names end in a fixed-width time stamp, so no other zip's key shares it.
   */
  static String companionPrefix(String zipKey) {
    return zipKey.substring(0, zipKey.length() - ".zip".length()) + ".";
  }
}
