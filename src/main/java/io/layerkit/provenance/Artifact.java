package io.layerkit.provenance;

import java.util.Objects;

/**
 * A file named in a provenance statement (an in-toto ResourceDescriptor with a name and a digest):
 * the subject zip, or a byproduct such as the SBOM.
 *
 * @param name the file's name
 * @param sha256 lowercase hex SHA-256 of its bytes
 * @param mediaType its media type, or {@code null} (the subject has none)
 */
public record Artifact(String name, String sha256, String mediaType) {

  public Artifact {
    Objects.requireNonNull(name, "name");
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a lowercase hex SHA-256: " + sha256);
    }
  }

  public static Artifact of(String name, String sha256) {
    return new Artifact(name, sha256, null);
  }
}
