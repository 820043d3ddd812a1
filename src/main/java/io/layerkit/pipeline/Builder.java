package io.layerkit.pipeline;

import io.layerkit.provenance.BuildRecord;
import java.util.Objects;
import java.util.UUID;

/**
 * Who runs a build, as its provenance names it.
 *
 * @param id the function's ARN in Lambda, {@code layerkit/<version>} on the command line
 * @param version layerkit's version
 * @param invocationId this run's id: the Lambda request id, or a fresh one on the command line
 */
public record Builder(String id, String version, String invocationId) {

  public Builder {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(invocationId, "invocationId");
  }

  /** The command-line tool, for one run. */
  public static Builder commandLine(String version) {
    return new Builder(BuildRecord.cliBuilder(version), version, UUID.randomUUID().toString());
  }
}
