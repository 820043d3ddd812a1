package io.layerkit.publish;

import io.layerkit.store.StoredObject;
import java.util.List;

/**
 * A layer version to publish from a stored zip, and whom to share it with.
 *
 * @param layerName Lambda layer name (derived from the package, checked by the publisher)
 * @param object the stored zip
 * @param sha256 lowercase hex SHA-256 of the zip; the publisher checks Lambda's CodeSha256 against it
 * @param description names the commit and digest
 * @param runtimes compatible runtimes, may be empty
 * @param architectures compatible architectures, may be empty
 * @param license license info, or {@code null}
 * @param shareWith account ids, organization ids ({@code o-...}) or {@code *}
 * @param storage whether Lambda copies the object or references its version in place
 */
public record LayerVersionRequest(
    String layerName,
    StoredObject object,
    String sha256,
    String description,
    List<String> runtimes,
    List<String> architectures,
    String license,
    List<String> shareWith,
    StorageMode storage) {

  public LayerVersionRequest {
    runtimes = List.copyOf(runtimes);
    architectures = List.copyOf(architectures);
    shareWith = List.copyOf(shareWith);
  }

  /** A request whose object Lambda copies ({@link StorageMode#COPY}). */
  public LayerVersionRequest(String layerName, StoredObject object, String sha256,
      String description, List<String> runtimes, List<String> architectures, String license,
      List<String> shareWith) {
    this(layerName, object, sha256, description, runtimes, architectures, license, shareWith,
        StorageMode.COPY);
  }
}
