package io.layerkit.cli;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.Setting;
import io.layerkit.pipeline.Mode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code layerkit build}: source to reproducible zips in a folder; no store, no registry. */
final class BuildCommand extends PipelineCommand {
  private final OptionSpec out = Options.text("--out", "DIR", "Output folder (default: dist).");

  @Override
  public CommandSpec spec() {
    CommandSpec spec = spec("build",
        "Build reproducible layer zips into --out (<out>/<package>.zip).");
    Options.add(spec, out);
    return spec;
  }

  @Override
  Mode mode() {
    return Mode.BUILD;
  }

  @Override
  ConfigOverrides overrides() {
    return ConfigOverrides.none().with(Setting.OUT, "--out", out.getValue());
  }
}
