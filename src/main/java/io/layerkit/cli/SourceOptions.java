package io.layerkit.cli;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.Setting;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Options that choose and read the source; shared by build, plan and publish. */
final class SourceOptions {
  private final OptionSpec source = Options.text("--source", "URI",
      "Where packages come from: PATH or dir:PATH (default: .),"
          + " bitbucket://WORKSPACE/REPO, git+https://HOST/PATH.git, git+file:///PATH.");
  private final OptionSpec ref = Options.text("--ref", "REF",
      "Branch, tag or commit (Git sources; default: the default branch).");
  private final OptionSpec config = Options.path("--config", "FILE",
      "Config file (default: ./layerkit.yaml when it exists).");
  private final OptionSpec concurrency = Options.number("--concurrency", "N",
      "Parallel fetches and compressions (default: cores; 16+ for remote sources).");
  private final OptionSpec timestamp = Options.text("--timestamp", "TIME",
      "Time stamped on every zip entry: ISO-8601 or epoch seconds"
          + " (default: SOURCE_DATE_EPOCH, else 1980-01-01T00:00:00Z).");
  private final OptionSpec json = Options.flag("--json",
      "Print one JSON report on stdout and nothing else.");
  private final GitHostOptions host = new GitHostOptions();

  void addTo(CommandSpec command) {
    Options.add(command, source, ref, config, concurrency, timestamp, json);
    host.addTo(command);
  }

  Optional<Path> config() {
    return Optional.ofNullable(config.getValue());
  }

  boolean json() {
    return Options.given(json);
  }

  /** These flags under the names a user types. */
  ConfigOverrides overrides() {
    return ConfigOverrides.none()
        .with(Setting.SOURCE, "--source", source.getValue())
        .with(Setting.REF, "--ref", ref.getValue())
        .with(Setting.TIMESTAMP, "--timestamp", timestamp.getValue())
        .with(Setting.CONCURRENCY, "--concurrency", concurrency.getValue())
        .over(host.overrides());
  }
}
