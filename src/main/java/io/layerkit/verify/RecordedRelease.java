package io.layerkit.verify;

import java.util.Objects;
import java.util.Optional;

/**
 * What a release records, as far as verification needs it.
 *
 * @param zipName the stored zip's file name, e.g. {@code requests-20261123223500.zip}
 * @param sha256 the zip's SHA-256 as recorded
 * @param parameters what it was built from
 * @param attestationKey the key its provenance was signed with, when it was signed
 */
public record RecordedRelease(String zipName, String sha256, BuildParameters parameters,
    Optional<String> attestationKey) {

  public RecordedRelease {
    Objects.requireNonNull(zipName, "zipName");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(parameters, "parameters");
  }
}
