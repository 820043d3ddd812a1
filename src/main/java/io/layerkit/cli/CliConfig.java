package io.layerkit.cli;

import io.layerkit.config.ConfigFile;
import io.layerkit.config.ConfigFileReader;
import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.ConfigResolver;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.Setting;
import io.layerkit.config.Variables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line's front door to the configuration: flags over {@code LAYERKIT_*} environment
 * variables over {@code layerkit.yaml}, each value under the name the user typed, resolved and
 * checked by the same {@link ConfigResolver} the function uses.
 */
final class CliConfig {
  static final Path DEFAULT_CONFIG = Path.of("layerkit.yaml");
  static final String PACKAGE_PATH = "PACKAGE_PATH";

  /** Every flag's name, none given: option groups without a command line hold no values. */
  private static final ConfigOverrides EVERY_FLAG = new SourceOptions().overrides()
      .over(new TargetOptions().overrides())
      .over(new PublishOptions().overrides())
      .with(Setting.OUT, "--out", null);

  private CliConfig() {}

  static LayerkitConfig resolve(Optional<Path> configOption, ConfigOverrides flags,
      Map<String, String> env) {
    Optional<Path> configFile = configOption
        .or(() -> Optional.ofNullable(env.get("LAYERKIT_CONFIG")).filter(v -> !v.isBlank()).map(Path::of))
        .or(() -> Files.isRegularFile(DEFAULT_CONFIG) ? Optional.of(DEFAULT_CONFIG) : Optional.empty());
    ConfigFile file = configFile.map(ConfigFileReader::read).orElse(ConfigFile.empty());
    Path fileDir = configFile
        .map(p -> p.toAbsolutePath().getParent())
        .orElse(Path.of("").toAbsolutePath());
    return new ConfigResolver(file, fileDir, flags.over(environment(env))).resolve();
  }

  /**
   * The settings layerkit reads from the environment: {@code LAYERKIT_SOURCE}, {@code LAYERKIT_REF},
   * {@code LAYERKIT_STORE}, {@code LAYERKIT_REGISTRY}, {@code LAYERKIT_API_URL},
   * {@code LAYERKIT_CONCURRENCY}, {@code LAYERKIT_SHARE} (comma separated),
   * {@code LAYERKIT_TOKEN_PARAMETER}, {@code BITBUCKET_USERNAME}, {@code SOURCE_DATE_EPOCH},
   * {@code LAYERKIT_ATTESTATION_KEY}, {@code LAYERKIT_SIGNING_PROFILE}.
   * AWS settings ({@code AWS_REGION}, {@code AWS_PROFILE}, {@code AWS_ENDPOINT_URL}) are read
   * by the AWS SDK itself.
   */
  static ConfigOverrides environment(Map<String, String> env) {
    Variables vars = new Variables(env);
    return ConfigOverrides.none()
        .with(Setting.SOURCE, "LAYERKIT_SOURCE", vars.get("LAYERKIT_SOURCE"))
        .with(Setting.REF, "LAYERKIT_REF", vars.get("LAYERKIT_REF"))
        .with(Setting.API_URL, "LAYERKIT_API_URL", vars.get("LAYERKIT_API_URL"))
        .with(Setting.TOKEN_PARAMETER, "LAYERKIT_TOKEN_PARAMETER",
            vars.get("LAYERKIT_TOKEN_PARAMETER"))
        .with(Setting.TOKEN_USERNAME, "BITBUCKET_USERNAME", vars.get("BITBUCKET_USERNAME"))
        .with(Setting.STORE, "LAYERKIT_STORE", vars.get("LAYERKIT_STORE"))
        .with(Setting.REGISTRY, "LAYERKIT_REGISTRY", vars.get("LAYERKIT_REGISTRY"))
        .with(Setting.SHARE, "LAYERKIT_SHARE", vars.list("LAYERKIT_SHARE"))
        .with(Setting.TIMESTAMP, "SOURCE_DATE_EPOCH", vars.get("SOURCE_DATE_EPOCH"))
        .with(Setting.CONCURRENCY, "LAYERKIT_CONCURRENCY", vars.number("LAYERKIT_CONCURRENCY"))
        .with(Setting.ATTESTATION_KEY, "LAYERKIT_ATTESTATION_KEY",
            vars.get("LAYERKIT_ATTESTATION_KEY"))
        .with(Setting.SIGNING_PROFILE, "LAYERKIT_SIGNING_PROFILE",
            vars.get("LAYERKIT_SIGNING_PROFILE"));
  }

  /**
   * A command's flags and its package arguments, under the names a user types. A setting the
   * command has no flag for is still named as publish names it, so that a message about its
   * value (from layerkit.yaml or the environment) names a flag the user can look up.
   */
  static ConfigOverrides flags(ConfigOverrides commandFlags, List<String> packagePaths) {
    return ConfigOverrides.none()
        .with(Setting.PACKAGES, PACKAGE_PATH, packagePaths)
        .over(commandFlags)
        .over(EVERY_FLAG);
  }

}
