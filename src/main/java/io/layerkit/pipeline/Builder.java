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

  /**
   * A Lambda invocation: the function's ARN as invoked and the request id. A runtime that names
   * no ARN (a local emulator) is named like the command line.
   */
  public static Builder function(String functionArn, String version, String requestId) {
    String id = functionArn == null || functionArn.isBlank()
        ? BuildRecord.cliBuilder(version) : functionArn;
    return new Builder(id, version, requestId);
  }
}
