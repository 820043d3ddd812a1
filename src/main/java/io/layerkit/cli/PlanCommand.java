package io.layerkit.cli;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.pipeline.Mode;
import picocli.CommandLine.Model.CommandSpec;

/** {@code layerkit plan}: what publish would do, without writing anything. */
final class PlanCommand extends PipelineCommand {
  private final TargetOptions targetOptions = new TargetOptions();
  private final PublishOptions publishOptions = new PublishOptions();

  @Override
  public CommandSpec spec() {
    CommandSpec spec = spec("plan",
        "Show which packages publish would change and why, without writing anything.");
    targetOptions.addTo(spec);
    publishOptions.addTo(spec);
    return spec;
  }

  @Override
  Mode mode() {
    return Mode.PLAN;
  }

  @Override
  ConfigOverrides overrides() {
    return targetOptions.overrides().over(publishOptions.overrides());
  }
}
