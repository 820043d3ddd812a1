package io.layerkit.cli;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.pipeline.Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layerkit build}: source to reproducible zips in a folder; no store, no registry. */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = "Build reproducible layer zips into --out (<out>/<package>.zip).")
final class BuildCommand extends PipelineCommand {
  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: dist).")
  String out;

  @Override
  Mode mode() {
    return Mode.BUILD;
  }

  @Override
  ConfigOverrides overrides() {
    return CliConfig.flags(sourceOptions, null, null, out, packagePaths);
  }
}
