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
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layerkit releases}: what the registry holds. */
@Command(name = "releases", mixinStandardHelpOptions = true,
    description = "List the current release of every package, or one package's history.")
final class ReleasesCommand implements Callable<Integer> {
  @Mixin RegistryOptions reading;

  @Option(names = "--region", paramLabel = "REGION", description = "AWS region.")
  String region;

  @Option(names = "--json", description = "Print JSON on stdout.")
  boolean json;

  @Parameters(paramLabel = "PACKAGE", arity = "0..1",
      description = "Show this package's whole history (its name, or its folder as publish"
          + " takes it).")
  String packageArg;

  @Override
  public Integer call() throws Exception {
    TargetOptions target = reading.target(region == null ? List.of() : List.of(region));
    SourceOptions source = new SourceOptions();
    // the argument picks a package the way publish's arguments do, so a folder finds its name
    ConfigOverrides overrides = CliConfig.flags(source, target, null, null,
        packageArg == null ? List.of() : List.of(packageArg));
    LayerkitConfig resolved = CliConfig.resolve(Optional.ofNullable(reading.config), overrides,
        System.getenv());
    String packageName = packageArg == null ? null : resolved.packages().get(0).name();
    List<Release> releases;
    try (Components.RegistryHandle handle = Components.openRegistry(resolved)) {
      ReleaseRegistry reg = handle.registry();
      releases = packageName == null ? reg.currentReleases() : reg.history(packageName);
    }
    if (json) {
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
