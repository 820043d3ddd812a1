package io.layerkit.sbom;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The layer an SBOM describes: its zip and where it came from. Every field comes from the build's
 * inputs and output, none from the clock, so the SBOM is as reproducible as the zip.
 *
 * @param packageName the package's name
 * @param zipSha256 lowercase hex SHA-256 of the zip
 * @param timestamp the build's timestamp setting; kept as the zip's entries hold it (DOS time:
 *     whole seconds, rounded down to an even one), so the SBOM read back from a zip is the same
 * @param commit the commit it was built from, when the source has one
 * @param source the source's URI, secret-free, when known
 * @param packagePath the package's folder inside the source, when known
 * @param toolVersion layerkit's version
 */
public record LayerSubject(String packageName, String zipSha256, Instant timestamp,
    Optional<String> commit, Optional<String> source, Optional<String> packagePath,
    String toolVersion) {

  public LayerSubject {
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(timestamp, "timestamp");
    timestamp = Instant.ofEpochSecond(timestamp.getEpochSecond() & ~1L);
    Objects.requireNonNull(toolVersion, "toolVersion");
    if (zipSha256 == null || !zipSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a lowercase hex SHA-256: " + zipSha256);
    }
  }
}
