package io.layerkit.cli;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.pipeline.Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code layerkit publish}: the whole pipeline. */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Build, validate, store and record each changed package; optionally publish"
        + " and share a layer version.")
final class PublishCommand extends PipelineCommand {
  @Mixin TargetOptions targetOptions;
  @Mixin PublishOptions publishOptions;

  @Override
  Mode mode() {
    return Mode.PUBLISH;
  }

  @Override
  ConfigOverrides overrides() {
    return CliConfig.flags(sourceOptions, targetOptions, publishOptions, null, packagePaths);
  }
}
