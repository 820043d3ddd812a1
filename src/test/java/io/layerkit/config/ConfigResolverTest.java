package io.layerkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.archive.LayerLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {
  @TempDir Path dir;

  private ConfigFile file(String yaml) throws IOException {
    return ConfigFileReader.read(Files.writeString(dir.resolve("layerkit.yaml"), yaml));
  }

  private static ConfigOverrides flags() {
    return ConfigOverrides.none();
  }

  @Test
  void defaultsNeedNoFileAndNoAws() {
    LayerkitConfig config = new ConfigResolver(ConfigFile.empty(), dir, flags())
        .resolve(List.of("layers/requests"));
    assertThat(config.store()).isEqualTo("file:.layerkit/store");
    assertThat(config.registry()).isEqualTo("file:.layerkit/releases.json");
    assertThat(config.packages()).containsExactly(PackageSpec.ofPath("layers/requests"));
    assertThat(config.packages().get(0).name()).isEqualTo("requests");
    assertThat(config.archive().timestamp()).isEqualTo(Instant.parse("1980-01-01T00:00:00Z"));
    assertThat(config.limits()).isEqualTo(LayerLimits.lambdaDefaults());
  }

  @Test
  void flagsWinOverEnvironmentWhichWinsOverTheFile() throws IOException {
    ConfigFile file = file("""
        store: file:from-file
        registry: file:from-file.json
        ref: file-ref
        archive: {timestamp: "2020-01-01T00:00:00Z"}
        """);
    ConfigOverrides env = ConfigOverrides.fromEnvironment(Map.of(
        "LAYERKIT_REGISTRY", "file:from-env.json", "LAYERKIT_REF", "env-ref",
        "SOURCE_DATE_EPOCH", "1700000000"));
    ConfigOverrides cli = new ConfigOverrides(Optional.empty(), Optional.of("flag-ref"),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
        List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());

    LayerkitConfig config = new ConfigResolver(file, dir, cli.over(env)).resolve(List.of("a"));

    assertThat(config.source().ref()).contains("flag-ref");
    assertThat(config.registry()).isEqualTo("file:from-env.json");
    assertThat(config.store()).isEqualTo("file:" + dir.resolve("from-file"));
    assertThat(config.archive().timestamp()).isEqualTo(Instant.ofEpochSecond(1700000000));
  }

  @Test
  void pathsInTheFileAreRelativeToTheFile() throws IOException {
    LayerkitConfig config = new ConfigResolver(file("source: examples\nout: build\n"), dir, flags())
        .resolve(List.of("a"));
    assertThat(config.source().uri()).isEqualTo("dir:" + dir.resolve("examples"));
    assertThat(config.outDir()).isEqualTo(dir.resolve("build"));
  }

  @Test
  void argumentsPickConfiguredPackagesByPathOrName() throws IOException {
    ConfigFile file = file("""
        publish: {runtimes: [python3.12]}
        packages:
          - {path: layers/requests, license: MIT}
          - {path: layers/tools, name: hello-tools}
        """);
    ConfigResolver resolver = new ConfigResolver(file, dir, flags());
    assertThat(resolver.resolve(List.of()).packages()).extracting(PackageSpec::name)
        .containsExactly("requests", "hello-tools");
    assertThat(resolver.resolve(List.of("hello-tools", "./layers/requests/", "layers/other"))
        .packages()).extracting(PackageSpec::name)
        .containsExactly("hello-tools", "requests", "other");
    assertThat(resolver.resolve(List.of("layers/requests")).packages().get(0).license())
        .contains("MIT");
  }

  @Test
  void aPathArgumentMeansThatPathEvenWhenAnotherPackageHasItAsName() throws IOException {
    ConfigResolver resolver = new ConfigResolver(file("""
        packages:
          - {path: vendor/tools, name: tools}
          - {path: tools, name: local-tools}
        """), dir, flags());
    assertThat(resolver.resolve(List.of("tools")).packages()).extracting(PackageSpec::path)
        .containsExactly("tools");
    assertThat(resolver.resolve(List.of("vendor/tools")).packages()).extracting(PackageSpec::name)
        .containsExactly("tools");
  }

  @Test
  void aPackageNamedTwiceInTheArgumentsIsBuiltOnce() throws IOException {
    ConfigResolver resolver = new ConfigResolver(file("""
        packages:
          - {path: layers/tools, name: hello-tools}
        """), dir, flags());
    assertThat(resolver.resolve(List.of("layers/tools", "hello-tools", "./layers/tools/"))
        .packages()).extracting(PackageSpec::name).containsExactly("hello-tools");
    assertThat(resolver.resolve(List.of("layers/a", "layers/a")).packages())
        .extracting(PackageSpec::path).containsExactly("layers/a");
  }

  @Test
  void sharingEveryoneNeedsAllowPublic() {
    ConfigOverrides env = ConfigOverrides.fromEnvironment(Map.of("LAYERKIT_SHARE", "*"));
    assertThatThrownBy(() -> new ConfigResolver(ConfigFile.empty(), dir, env).resolve(List.of("a")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("add --allow-public");
  }

  @Test
  void sharePrincipalsAreChecked() {
    ConfigOverrides env = ConfigOverrides.fromEnvironment(
        Map.of("LAYERKIT_SHARE", "123456789012, o-abcdefghij ,12345"));
    assertThatThrownBy(() -> new ConfigResolver(ConfigFile.empty(), dir, env).resolve(List.of("a")))
        .hasMessage("--share 12345 is neither a 12-digit account id, an organization id (o-...) nor *");
  }

  @Test
  void badValuesAreNamed() throws IOException {
    assertThatThrownBy(() -> new ConfigResolver(file("archive: {timestamp: yesterday}"), dir,
        flags()).resolve(List.of("a"))).hasMessageContaining("timestamp 'yesterday' is neither");
    assertThatThrownBy(() -> new ConfigResolver(file("archive: {concurrency: 0}"), dir,
        flags()).resolve(List.of("a"))).hasMessageContaining("--concurrency 0 is out of range");
    assertThatThrownBy(() -> new ConfigResolver(file("publish: {architectures: [amd64]}"), dir,
        flags()).resolve(List.of("a"))).hasMessageContaining("--arch amd64 is not a Lambda");
    assertThatThrownBy(() -> new ConfigResolver(file("packages: [{name: x}]"), dir,
        flags()).resolve(List.of())).hasMessageContaining("packages[0] has no path");
    assertThatThrownBy(() -> new ConfigResolver(ConfigFile.empty(), dir, flags())
        .resolve(List.of("layers/my layer"))).hasMessageContaining("package name 'my layer'");
    assertThatThrownBy(() -> new ConfigResolver(ConfigFile.empty(), dir, flags())
        .resolve(List.of("../outside"))).hasMessageContaining("unsafe path");
  }

  @Test
  void aBadApiUrlIsNamed() throws IOException {
    for (String url : List.of("not a url", "api.bitbucket.org", "ftp://api.bitbucket.org")) {
      assertThatThrownBy(() -> new ConfigResolver(file("apiUrl: " + url), dir, flags())
          .resolve(List.of("a")))
          .isInstanceOf(ConfigException.class)
          .hasMessage("--api-url " + url + " is not an http(s) URL; e.g. https://api.bitbucket.org");
    }
    assertThat(new ConfigResolver(file("apiUrl: http://127.0.0.1:8080/"), dir, flags())
        .resolve(List.of("a")).source().apiUrl()).contains("http://127.0.0.1:8080/");
  }

  @Test
  void limitsComeFromTheFileInMiB() throws IOException {
    LayerkitConfig config = new ConfigResolver(file("limits: {maxUnzippedMb: 10}"), dir, flags())
        .resolve(List.of("a"));
    assertThat(config.limits().maxUnzippedBytes()).isEqualTo(10 * LayerLimits.MB);
  }
}
