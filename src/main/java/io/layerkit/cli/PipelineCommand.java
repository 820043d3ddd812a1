package io.layerkit.cli;

import io.layerkit.app.Components;
import io.layerkit.app.RunRequests;
import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.pipeline.LayerPipeline;
import io.layerkit.pipeline.Mode;
import io.layerkit.pipeline.Pace;
import io.layerkit.pipeline.Report;
import io.layerkit.pipeline.ReportJson;
import io.layerkit.pipeline.RunRequest;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** What build, plan and publish share: resolve config, open the parts, run, print, exit. */
abstract class PipelineCommand implements Subcommand {
  private final SourceOptions sourceOptions = new SourceOptions();

  private final OptionSpec verbose = Options.flag('v', "--verbose",
      "Print each step on stderr.");

  private final PositionalParamSpec packagePaths = Options.positionals("PACKAGE_PATH",
      "Package folders inside the source (default: the packages in layerkit.yaml).");

  abstract Mode mode();

  /** The flags of this command other than the source's. */
  abstract ConfigOverrides overrides();

  /** The model of a pipeline command: its own options, the source's and the package paths. */
  final CommandSpec spec(String name, String description) {
    CommandSpec spec = Options.command(this, name, description);
    sourceOptions.addTo(spec);
    Options.add(spec, verbose, packagePaths);
    return spec;
  }

  @Override
  public Integer call() throws Exception {
    LayerkitConfig config = CliConfig.resolve(sourceOptions.config(),
        CliConfig.flags(overrides().over(sourceOptions.overrides()), Options.values(packagePaths)),
        System.getenv());
    RunRequest request = RunRequests.of(config, mode(), Pace.UNLIMITED,
        RunRequests.commandLine());
    boolean terminal = System.console() != null && !sourceOptions.json();
    ConsoleListener listener = new ConsoleListener(System.err, terminal,
        Options.given(verbose));
    Report report;
    try (Components components = Components.open(config, mode(), System.getenv())) {
      report = new LayerPipeline(components.parts(), listener).run(request);
    }
    if (sourceOptions.json()) {
      System.out.println(ReportJson.write(report));
    } else {
      if (report.packages().size() > 1) {
        System.err.println(Totals.of(report));
      }
      if (report.requestBudget() != null) {
        System.err.println(SummaryLine.of(report.requestBudget()));
      }
    }
    return report.exitCode();
  }
}
