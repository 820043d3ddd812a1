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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code layerkit prune}: which layer versions and stored zips retention keeps, and with
 * {@code --apply} deletes the rest.
 */
final class PruneCommand implements Subcommand {
  private final RegistryOptions reading = new RegistryOptions();
  private final OptionSpec keep = Options.number("--keep", "N",
      "Keep the newest N layer versions and releases (default: 5).");
  private final OptionSpec keepDays = Options.number("--keep-days", "D",
      "Also keep every version and zip younger than D days (default: 0).");
  private final OptionSpec apply = Options.flag("--apply",
      "Delete what the plan does not keep (without it nothing is deleted).");
  private final OptionSpec aggregator = Options.text("--config-aggregator", "NAME",
      "AWS Config aggregator whose view of the Organization's functions also"
          + " keeps versions in use (queried in the first region).");
  private final OptionSpec regions = Options.repeatable("--region", "REGION",
      "Region to prune (repeatable; default: the configured regions, else the"
          + " AWS default region).");
  private final OptionSpec store = Options.text("--store", "URI",
      TargetOptions.STORE_DESCRIPTION);
  private final OptionSpec json = Options.flag("--json",
      "Print the plan (and what was deleted) as JSON on stdout.");
  private final PositionalParamSpec packageArgs = Options.positionals("PACKAGE",
      "Packages to prune: names, or folders as publish takes them"
          + " (default: the packages in layerkit.yaml).");

  @Override
  public CommandSpec spec() {
    CommandSpec spec = Options.command(this, "prune",
        "Plan retention of layer versions and stored zips (per region), and with"
            + " --apply delete what is not kept.",
        "Kept: the current release's version, the newest N, those younger than D days, every"
            + " version a function of this account and region uses (and with"
            + " --config-aggregator, one any function in the Organization uses); then every"
            + " zip a kept version or release refers to.");
    reading.addTo(spec);
    Options.add(spec, keep, keepDays, apply, aggregator, regions, store, json, packageArgs);
    return spec;
  }

  @Override
  public Integer call() {
    RetentionPolicy policy;
    try {
      policy = RetentionPolicy.of(keep.getValue(), keepDays.getValue());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    // --region, else the configuration's regions (layerkit.yaml), else the
    // AWS default: each one pruned on its own, as publish recorded each
    LayerkitConfig base = CliConfig.resolve(reading.config(), overrides(Options.values(regions)),
        System.getenv());
    List<LayerkitConfig> perRegion = new ArrayList<>();
    if (base.aws().regions().size() <= 1) {
      perRegion.add(base);
    } else {
      for (String region : base.aws().regions()) {
        perRegion.add(CliConfig.resolve(reading.config(), overrides(List.of(region)),
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
        Components.openRetention(perRegion, Optional.ofNullable(aggregator.getValue()))) {
      for (Pruner pruner : retention.pruners()) {
        for (String packageName : packages) {
          results.add(pruner.prune(packageName, policy, Options.given(apply)));
        }
      }
    }
    if (Options.given(json)) {
      System.out.println(PruneReport.toTree(results, Options.given(apply)));
    } else {
      results.forEach(result -> PruneReport.lines(result).forEach(System.out::println));
      if (!Options.given(apply)) {
        System.err.println("plan only: nothing was deleted; run again with --apply to delete");
      }
    }
    return results.stream().allMatch(PruneResult::ok) ? 0 : 1;
  }

  private ConfigOverrides overrides(List<String> regionNames) {
    return CliConfig.flags(reading.target(regionNames, store.getValue()),
        Options.values(packageArgs));
  }
}
