package io.layerkit.cli;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.pipeline.Mode;
import picocli.CommandLine.Model.CommandSpec;

/** {@code layerkit publish}: the whole pipeline. */
final class PublishCommand extends PipelineCommand {
  private final TargetOptions targetOptions = new TargetOptions();
  private final PublishOptions publishOptions = new PublishOptions();

  @Override
  public CommandSpec spec() {
    CommandSpec spec = spec("publish",
        "Build, validate, store and record each changed package; optionally publish"
            + " and share a layer version.");
    targetOptions.addTo(spec);
    publishOptions.addTo(spec);
    return spec;
  }

  @Override
  Mode mode() {
    return Mode.PUBLISH;
  }

  @Override
  ConfigOverrides overrides() {
    return targetOptions.overrides().over(publishOptions.overrides());
  }
}
