package io.layerkit.verify;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What decides a layer zip's bytes: where it comes from and when its entries say they were made.
 *
 * @param source the source's URI, secret-free
 * @param ref the ref asked for, when the release records one
 * @param packagePath the package's folder inside the source
 * @param commit the commit, when the source has commits
 * @param timestamp the timestamp setting stamped on every entry
 */
public record BuildParameters(String source, Optional<String> ref, String packagePath,
    Optional<String> commit, Instant timestamp) {

  public BuildParameters {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(packagePath, "packagePath");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  /** "source bitbucket://acme/cfct, path layers/requests, commit 6e1f9d2c4b3a" */
  String describe() {
    return "source " + source + ref.map(r -> ", ref " + r).orElse("") + ", path " + packagePath
        + commit.map(c -> ", commit " + c).orElse("") + ", timestamp " + timestamp;
  }
}
