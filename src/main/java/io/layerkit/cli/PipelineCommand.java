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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What build, plan and publish share: resolve config, open the parts, run, print, exit. */
abstract class PipelineCommand implements Callable<Integer> {
  @Mixin SourceOptions sourceOptions;

  @Option(names = {"-v", "--verbose"}, description = "Print each step on stderr.")
  boolean verbose;

  @Parameters(paramLabel = "PACKAGE_PATH", arity = "0..*",
      description = "Package folders inside the source (default: the packages in layerkit.yaml).")
  List<String> packagePaths = new ArrayList<>();

  @Spec CommandSpec spec;

  abstract Mode mode();

  abstract ConfigOverrides overrides();

  @Override
  public Integer call() throws Exception {
    LayerkitConfig config = CliConfig.resolve(Optional.ofNullable(sourceOptions.config),
        overrides(), System.getenv());
    RunRequest request = RunRequests.of(config, mode(), Pace.UNLIMITED,
        RunRequests.commandLine());
    boolean terminal = System.console() != null && !sourceOptions.json;
    ConsoleListener listener = new ConsoleListener(System.err, terminal, verbose);
    Report report;
    try (Components components = Components.open(config, mode(), System.getenv())) {
      report = new LayerPipeline(components.parts(), listener).run(request);
    }
    if (sourceOptions.json) {
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
