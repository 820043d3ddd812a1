package io.layerkit.cli;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.pipeline.Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code layerkit plan}: what publish would do, without writing anything. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Show which packages publish would change and why, without writing anything.")
final class PlanCommand extends PipelineCommand {
  @Mixin TargetOptions targetOptions;
  @Mixin PublishOptions publishOptions;

  @Override
  Mode mode() {
    return Mode.PLAN;
  }

  @Override
  ConfigOverrides overrides() {
    return CliConfig.flags(sourceOptions, targetOptions, publishOptions, null, packagePaths);
  }
}
