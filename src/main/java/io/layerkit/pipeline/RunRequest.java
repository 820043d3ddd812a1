package io.layerkit.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one run of the pipeline does: its own values, resolved and checked by the caller, so the
 * pipeline never sees configuration or its rules.
 *
 * @param mode build, plan or publish
 * @param ref branch, tag or commit to resolve once for every package; empty for the default
 * @param packages the packages, in the order they run
 * @param force store and record even when the content is unchanged
 * @param outDir where {@link Mode#BUILD} writes {@code <package>.zip}; an existing folder
 * @param pace whether another package may start (a Lambda invocation's remaining time)
 * @param builder who runs the build, for its provenance
 * @param signingProfile the AWS Signer profile that code-signs each stored zip, when asked
 */
public record RunRequest(
    Mode mode,
    Optional<String> ref,
    List<PackageJob> packages,
    boolean force,
    Path outDir,
    Pace pace,
    Builder builder,
    Optional<String> signingProfile) {

  public RunRequest {
    packages = List.copyOf(packages);
  }
}
