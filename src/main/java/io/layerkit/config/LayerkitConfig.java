package io.layerkit.config;

import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.LayerLimits;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a run needs, resolved once from flags, environment, {@code layerkit.yaml} and
 * defaults (in that order of precedence) and then passed down unchanged.
 *
 * @param source where packages come from
 * @param store artifact store URI: {@code file:DIR} or {@code s3://BUCKET/PREFIX}
 * @param registry release registry URI: {@code file:PATH} or {@code ssm:/PREFIX}
 * @param packages the packages to build
 * @param publish layer publishing defaults
 * @param aws how to reach AWS
 * @param archive archive settings (timestamp, concurrency, level)
 * @param limits Lambda limits to validate against
 * @param outDir where {@code build} writes zips
 * @param force build and store even when unchanged
 * @param trust provenance signing and code signing
 */
public record LayerkitConfig(
    SourceSettings source,
    String store,
    String registry,
    List<PackageSpec> packages,
    PublishSettings publish,
    AwsSettings aws,
    ArchiveSettings archive,
    LayerLimits limits,
    Path outDir,
    boolean force,
    TrustSettings trust) {

  public static final String DEFAULT_STORE = "file:.layerkit/store";
  public static final String DEFAULT_REGISTRY = "file:.layerkit/releases.json";
  public static final Path DEFAULT_OUT_DIR = Path.of("dist");

  public LayerkitConfig {
    packages = List.copyOf(packages);
  }

  /** This configuration for some of its packages (a Lambda invocation's share of them). */
  public LayerkitConfig withPackages(List<PackageSpec> chosen) {
    return new LayerkitConfig(source, store, registry, chosen, publish, aws, archive, limits,
        outDir, force, trust);
  }

  public static LayerkitConfig defaults() {
    return new LayerkitConfig(
        SourceSettings.defaults(),
        DEFAULT_STORE,
        DEFAULT_REGISTRY,
        List.of(),
        PublishSettings.defaults(),
        AwsSettings.defaults(),
        ArchiveSettings.defaults(),
        LayerLimits.lambdaDefaults(),
        DEFAULT_OUT_DIR,
        false,
        TrustSettings.defaults());
  }
}
