package io.layerkit.cli;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.Setting;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Options that choose where releases go and how AWS is reached; shared by plan and publish. */
final class TargetOptions {
  static final String STORE_DESCRIPTION =
      "Artifact store: file:DIR (default: file:.layerkit/store) or s3://BUCKET/PREFIX.";
  static final String REGISTRY_DESCRIPTION =
      "Release registry: file:PATH (default: file:.layerkit/releases.json) or ssm:/PREFIX.";

  private final OptionSpec store = Options.text("--store", "URI", STORE_DESCRIPTION);
  private final OptionSpec registry = Options.text("--registry", "URI", REGISTRY_DESCRIPTION);
  private final OptionSpec force = Options.flag("--force",
      "Store and record even when the content is unchanged.");
  private final OptionSpec regions = Options.repeatable("--region", "REGION",
      "AWS region to publish in (repeatable; the first is the home region). A store"
          + " for several regions names each region's bucket with {region}.");
  private final AwsOptions aws = new AwsOptions();

  void addTo(CommandSpec command) {
    Options.add(command, store, registry, force, regions);
    aws.addTo(command);
  }

  /** These flags under the names a user types. */
  ConfigOverrides overrides() {
    return of(store.getValue(), registry.getValue(), Options.values(regions),
        Options.givenOrNull(force)).over(aws.overrides());
  }

  /** A target's settings under publish's flag names, for commands that name them otherwise. */
  static ConfigOverrides of(String store, String registry, List<String> regions, Boolean force) {
    return ConfigOverrides.none()
        .with(Setting.STORE, "--store", store)
        .with(Setting.REGISTRY, "--registry", registry)
        .with(Setting.REGIONS, "--region", regions)
        .with(Setting.FORCE, "--force", force);
  }
}
