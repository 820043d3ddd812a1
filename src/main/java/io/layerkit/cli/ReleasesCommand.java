package io.layerkit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.app.Components;
import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.registry.Release;
import io.layerkit.registry.ReleaseJson;
import io.layerkit.registry.ReleaseRegistry;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code layerkit releases}: what the registry holds. */
final class ReleasesCommand implements Subcommand {
  private final RegistryOptions reading = new RegistryOptions();
  private final OptionSpec region = Options.text("--region", "REGION", "AWS region.");
  private final OptionSpec json = Options.flag("--json", "Print JSON on stdout.");
  private final PositionalParamSpec packageArg = Options.positional("0..1", "PACKAGE",
      String.class, "Show this package's whole history (its name, or its folder as publish"
          + " takes it).");

  @Override
  public CommandSpec spec() {
    CommandSpec spec = Options.command(this, "releases",
        "List the current release of every package, or one package's history.");
    reading.addTo(spec);
    Options.add(spec, region, json, packageArg);
    return spec;
  }

  @Override
  public Integer call() throws Exception {
    String regionName = region.getValue();
    String packagePath = packageArg.getValue();
    // the argument picks a package the way publish's arguments do, so a folder finds its name
    ConfigOverrides overrides = CliConfig.flags(
        reading.target(regionName == null ? List.of() : List.of(regionName), null),
        packagePath == null ? List.of() : List.of(packagePath));
    LayerkitConfig resolved = CliConfig.resolve(reading.config(), overrides, System.getenv());
    String packageName = packagePath == null ? null : resolved.packages().get(0).name();
    List<Release> releases;
    try (Components.RegistryHandle handle = Components.openRegistry(resolved)) {
      ReleaseRegistry reg = handle.registry();
      releases = packageName == null ? reg.currentReleases() : reg.history(packageName);
    }
    if (Options.given(json)) {
      ArrayNode array = ReleaseJson.mapper().createArrayNode();
      for (Release r : releases) {
        array.add(ReleaseJson.mapper().valueToTree(r));
      }
      ObjectNode root = ReleaseJson.mapper().createObjectNode();
      root.set("releases", array);
      System.out.println(ReleaseJson.mapper().writeValueAsString(root));
    } else if (releases.isEmpty()) {
      System.err.println(packageName == null ? "no releases recorded"
          : "no releases recorded for " + packageName);
    } else {
      for (Release r : releases) {
        System.out.println(String.join("  ", r.name(), r.key(), r.sha256().substring(0, 12),
            Sizes.human(r.size()), r.commit() == null ? "-" : r.commit().substring(0, 12),
            r.created().toString(), r.layerVersionArn() == null ? "" : r.layerVersionArn()).strip());
      }
    }
    return 0;
  }
}
