package io.layerkit.cli;

import io.layerkit.app.Components;
import io.layerkit.config.ConfigException;
import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import io.layerkit.retention.PruneReport;
import io.layerkit.retention.PruneResult;
import io.layerkit.retention.Pruner;
import io.layerkit.retention.RetentionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code layerkit prune}: which layer versions and stored zips retention keeps, and with
 * {@code --apply} deletes the rest.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = {"Plan retention of layer versions and stored zips (per region), and with"
        + " --apply delete what is not kept.",
        "Kept: the current release's version, the newest N, those younger than D days, every"
        + " version a function of this account and region uses (and with --config-aggregator,"
        + " one any function in the Organization uses); then every zip a kept version or"
        + " release refers to."})
final class PruneCommand implements Callable<Integer> {
  @Mixin RegistryOptions reading;

  @Option(names = "--keep", paramLabel = "N",
      description = "Keep the newest N layer versions and releases (default: 5).")
  Integer keep;

  @Option(names = "--keep-days", paramLabel = "D",
      description = "Also keep every version and zip younger than D days (default: 0).")
  Integer keepDays;

  @Option(names = "--apply", description = "Delete what the plan does not keep"
      + " (without it nothing is deleted).")
  boolean apply;

  @Option(names = "--config-aggregator", paramLabel = "NAME",
      description = "AWS Config aggregator whose view of the Organization's functions also"
          + " keeps versions in use (queried in the first region).")
  String aggregator;

  @Option(names = "--region", paramLabel = "REGION",
      description = "Region to prune (repeatable; default: the configured regions, else the"
          + " AWS default region).")
  List<String> regions = new ArrayList<>();

  @Option(names = "--store", paramLabel = "URI",
      description = "Artifact store: file:DIR (default: file:.layerkit/store) or s3://BUCKET/PREFIX.")
  String store;

  @Option(names = "--json", description = "Print the plan (and what was deleted) as JSON on stdout.")
  boolean json;

  @Parameters(paramLabel = "PACKAGE", arity = "0..*",
      description = "Packages to prune: names, or folders as publish takes them"
          + " (default: the packages in layerkit.yaml).")
  List<String> packageArgs = new ArrayList<>();

  @Override
  public Integer call() {
    RetentionPolicy policy;
    try {
      policy = RetentionPolicy.of(keep, keepDays);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    // --region, else the configuration's regions (layerkit.yaml), else the
    // AWS default: each one pruned on its own, as publish recorded each
    LayerkitConfig base = CliConfig.resolve(Optional.ofNullable(reading.config), overrides(regions),
        System.getenv());
    List<LayerkitConfig> perRegion = new ArrayList<>();
    if (base.aws().regions().size() <= 1) {
      perRegion.add(base);
    } else {
      for (String region : base.aws().regions()) {
        perRegion.add(CliConfig.resolve(Optional.ofNullable(reading.config), overrides(List.of(region)),
            System.getenv()));
      }
    }
    List<String> packages = perRegion.get(0).packages().stream().map(PackageSpec::name).toList();
    if (packages.isEmpty()) {
      throw new ConfigException(
          "name the packages to prune (PACKAGE...), or list them in layerkit.yaml");
    }
    List<PruneResult> results = new ArrayList<>();
    try (Components.RetentionHandle retention =
        Components.openRetention(perRegion, Optional.ofNullable(aggregator))) {
      for (Pruner pruner : retention.pruners()) {
        for (String packageName : packages) {
          results.add(pruner.prune(packageName, policy, apply));
        }
      }
    }
    if (json) {
      System.out.println(PruneReport.toTree(results, apply));
    } else {
      results.forEach(result -> PruneReport.lines(result).forEach(System.out::println));
      if (!apply) {
        System.err.println("plan only: nothing was deleted; run again with --apply to delete");
      }
    }
    return results.stream().allMatch(PruneResult::ok) ? 0 : 1;
  }

  private ConfigOverrides overrides(List<String> regionNames) {
    TargetOptions target = reading.target(regionNames);
    target.store = store;
    return CliConfig.flags(new SourceOptions(), target, null, null, packageArgs);
  }
}
