package io.layerkit.cli;

import io.layerkit.config.ConfigOverrides;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where releases are read, from which configuration, and how AWS is reached; for verify,
 * prune and releases, which read what publish recorded.
 */
final class RegistryOptions {
  private final OptionSpec registry = Options.text("--registry", "URI",
      TargetOptions.REGISTRY_DESCRIPTION);
  private final OptionSpec config = Options.path("--config", "FILE",
      "Config file (default: ./layerkit.yaml when it exists).");
  private final AwsOptions aws = new AwsOptions();

  void addTo(CommandSpec command) {
    Options.add(command, registry, config);
    aws.addTo(command);
  }

  Optional<Path> config() {
    return Optional.ofNullable(config.getValue());
  }

  /** The target these options, {@code regions} and {@code store} name, as publish's would. */
  ConfigOverrides target(List<String> regions, String store) {
    return TargetOptions.of(store, registry.getValue(), regions, null).over(aws.overrides());
  }
}
