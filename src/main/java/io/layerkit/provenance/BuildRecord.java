package io.layerkit.provenance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provenance statement says about one build of a layer: the zip it produced, the
 * parameters that decide its bytes, the commit they resolved to, and who ran it when.
 *
 * @param subject the zip
 * @param source the source's URI as given ({@code bitbucket://acme/cfct}, {@code git+https://...},
 *     a folder), secret-free
 * @param ref the ref asked for, when one was
 * @param packagePath the package's folder inside the source
 * @param timestamp the timestamp setting stamped on every entry
 * @param repository the repository URI the commit belongs to, when the source is a repository
 * @param commit the commit the ref resolved to, when the source has commits
 * @param builderId who built it: the function's ARN in Lambda, {@code layerkit/<version>} on the CLI
 * @param builderVersion layerkit's version
 * @param invocationId this run's id (the Lambda request id, or a fresh id on the CLI)
 * @param startedOn when the build started
 * @param finishedOn when it finished
 * @param byproducts files the build made beside the zip (the SBOM)
 */
public record BuildRecord(Artifact subject, String source, Optional<String> ref,
    String packagePath, Instant timestamp, Optional<String> repository, Optional<String> commit,
    String builderId, String builderVersion, String invocationId, Instant startedOn,
    Instant finishedOn, List<Artifact> byproducts) {

  public BuildRecord {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(packagePath, "packagePath");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(builderId, "builderId");
    Objects.requireNonNull(builderVersion, "builderVersion");
    Objects.requireNonNull(invocationId, "invocationId");
    // JSON holds what a statement can carry back: milliseconds
    startedOn = startedOn.truncatedTo(ChronoUnit.MILLIS);
    finishedOn = finishedOn.truncatedTo(ChronoUnit.MILLIS);
    byproducts = List.copyOf(byproducts);
    if (commit.isPresent() && repository.isEmpty()) {
      throw new IllegalArgumentException("a commit needs the repository it belongs to");
    }
  }

  /** The builder id of the command-line tool: {@code layerkit/<version>}. */
  public static String cliBuilder(String version) {
    return "layerkit/" + version;
  }
}
