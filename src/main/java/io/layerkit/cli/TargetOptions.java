package io.layerkit.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options that choose where releases go and how AWS is reached; shared by plan and publish. */
final class TargetOptions {
  @Option(names = "--store", paramLabel = "URI",
      description = "Artifact store: file:DIR (default: file:.layerkit/store) or s3://BUCKET/PREFIX.")
  String store;

  @Option(names = "--registry", paramLabel = "URI",
      description = "Release registry: file:PATH (default: file:.layerkit/releases.json)"
          + " or ssm:/PREFIX.")
  String registry;

  @Option(names = "--force", description = "Store and record even when the content is unchanged.")
  boolean force;

  @Option(names = "--region", paramLabel = "REGION",
      description = "AWS region to publish in (repeatable; the first is the home region). A store"
          + " for several regions names each region's bucket with {region}.")
  List<String> regions = new ArrayList<>();

  @Mixin AwsOptions aws = new AwsOptions();
}
