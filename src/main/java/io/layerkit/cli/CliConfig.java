package io.layerkit.cli;

import io.layerkit.config.ConfigFile;
import io.layerkit.config.ConfigFileReader;
import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.ConfigResolver;
import io.layerkit.config.LayerkitConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns parsed options into the run's configuration: flags over environment over file. */
final class CliConfig {
  static final Path DEFAULT_CONFIG = Path.of("layerkit.yaml");

  private CliConfig() {}

  static LayerkitConfig resolve(Optional<Path> configOption, ConfigOverrides flags,
      List<String> packagePaths, Map<String, String> env) {
    Optional<Path> configFile = configOption
        .or(() -> Optional.ofNullable(env.get("LAYERKIT_CONFIG")).filter(v -> !v.isBlank()).map(Path::of))
        .or(() -> Files.isRegularFile(DEFAULT_CONFIG) ? Optional.of(DEFAULT_CONFIG) : Optional.empty());
    ConfigFile file = configFile.map(ConfigFileReader::read).orElse(ConfigFile.empty());
    Path fileDir = configFile
        .map(p -> p.toAbsolutePath().getParent())
        .orElse(Path.of("").toAbsolutePath());
    ConfigOverrides overrides = flags.over(ConfigOverrides.fromEnvironment(env));
    return new ConfigResolver(file, fileDir, overrides).resolve(packagePaths);
  }

  static ConfigOverrides overrides(SourceOptions s, TargetOptions t, PublishOptions p, String out) {
    TargetOptions target = t == null ? new TargetOptions() : t;
    PublishOptions publish = p == null ? new PublishOptions() : p;
    return new ConfigOverrides(
        Optional.ofNullable(s.source),
        Optional.ofNullable(s.ref),
        Optional.ofNullable(s.apiUrl),
        Optional.ofNullable(s.transport),
        Optional.ofNullable(s.gitUrl),
        Optional.ofNullable(s.tokenEnv),
        Optional.ofNullable(s.tokenParameter),
        Optional.empty(),
        Optional.ofNullable(target.store),
        Optional.ofNullable(target.registry),
        Optional.ofNullable(target.region),
        Optional.ofNullable(target.profile),
        Optional.ofNullable(target.endpointUrl),
        Optional.ofNullable(target.roleArn),
        Optional.ofNullable(publish.publishLayer),
        publish.share,
        Optional.ofNullable(publish.allowPublic),
        publish.runtimes,
        publish.architectures,
        Optional.ofNullable(publish.license),
        Optional.ofNullable(s.timestamp),
        Optional.ofNullable(s.concurrency),
        Optional.ofNullable(out),
        target.force ? Optional.of(true) : Optional.empty());
  }
}
