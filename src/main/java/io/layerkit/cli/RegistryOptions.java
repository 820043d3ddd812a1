package io.layerkit.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where releases are read, from which configuration, and how AWS is reached; for verify,
 * prune and releases, which read what publish recorded.
 */
final class RegistryOptions {
  @Option(names = "--registry", paramLabel = "URI",
      description = "Release registry: file:PATH (default: file:.layerkit/releases.json)"
          + " or ssm:/PREFIX.")
  String registry;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Config file (default: ./layerkit.yaml when it exists).")
  Path config;

  @Mixin AwsOptions aws = new AwsOptions();

  /** The target these options and {@code regions} name, as publish's flags would. */
  TargetOptions target(List<String> regions) {
    TargetOptions target = new TargetOptions();
    target.aws = aws;
    target.registry = registry;
    target.regions = regions;
    return target;
  }
}
