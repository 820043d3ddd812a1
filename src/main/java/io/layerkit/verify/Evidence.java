package io.layerkit.verify;

import java.util.Objects;
import java.util.Optional;

/**
 * What verification found, to hold against the record.
 *
 * @param rebuiltWith the parameters the package was rebuilt with
 * @param rebuiltSha256 the rebuilt zip's SHA-256
 * @param storedSha256 the stored object's SHA-256, empty when the object is gone
 * @param provenance the stored provenance file ({@code .intoto.jsonl}), empty when it is gone
 */
public record Evidence(BuildParameters rebuiltWith, String rebuiltSha256,
    Optional<String> storedSha256, Optional<byte[]> provenance) {

  public Evidence {
    Objects.requireNonNull(rebuiltWith, "rebuiltWith");
    Objects.requireNonNull(rebuiltSha256, "rebuiltSha256");
    provenance = provenance.map(byte[]::clone);
  }
}
