package io.layerkit.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options that choose and read the source; shared by build, plan and publish. */
final class SourceOptions {
  @Option(names = "--source", paramLabel = "URI",
      description = "Where packages come from: PATH or dir:PATH (default: .),"
          + " bitbucket://WORKSPACE/REPO, git+https://HOST/PATH.git, git+file:///PATH.")
  String source;

  @Option(names = "--ref", paramLabel = "REF",
      description = "Branch, tag or commit (Git sources; default: the default branch).")
  String ref;

  @Mixin GitHostOptions host = new GitHostOptions();

  @Option(names = "--config", paramLabel = "FILE",
      description = "Config file (default: ./layerkit.yaml when it exists).")
  Path config;

  @Option(names = "--concurrency", paramLabel = "N",
      description = "Parallel fetches and compressions (default: cores; 16+ for remote sources).")
  Integer concurrency;

  @Option(names = "--timestamp", paramLabel = "TIME",
      description = "Time stamped on every zip entry: ISO-8601 or epoch seconds"
          + " (default: SOURCE_DATE_EPOCH, else 1980-01-01T00:00:00Z).")
  String timestamp;

  @Option(names = "--json", description = "Print one JSON report on stdout and nothing else.")
  boolean json;

  Optional<String> source() {
    return Optional.ofNullable(source);
  }
}
