package io.layerkit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.config.ConfigException;
import io.layerkit.config.ConfigFile;
import io.layerkit.config.ConfigFileReader;
import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.ConfigResolver;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.Setting;
import io.layerkit.pipeline.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The composition root refuses what no adapter may see, before any adapter or client exists. */
class ComponentsTest {
  @TempDir Path dir;

  private LayerkitConfig config(String source, String apiUrl, String store, String registry) {
    ConfigOverrides flags = ConfigOverrides.none()
        .with(Setting.SOURCE, "--source", source)
        .with(Setting.API_URL, "--api-url", apiUrl)
        .with(Setting.STORE, "--store", store)
        .with(Setting.REGISTRY, "--registry", registry)
        .with(Setting.PACKAGES, "PACKAGE_PATH", List.of("layers/a"));
    return new ConfigResolver(ConfigFile.empty(), dir, flags).resolve();
  }

  @ParameterizedTest
  @CsvSource({
      "--source, https://me:s3cr3t-token@bitbucket.org/acme/repo.git, , file:store, file:r.json",
      "--source, bitbucket://me:s3cr3t-token@acme/repo, , file:store, file:r.json",
      "--source, ssh://git:s3cr3t-token@host/repo, , file:store, file:r.json",
      "--source, bitbucket://me:p@ss:s3cr3t-token@acme/repo, , file:store, file:r.json",
      "--api-url, bitbucket://acme/repo, https://me:s3cr3t-token@api.example.com, file:store, file:r.json",
      "--store, ., , https://AKIA:s3cr3t-token@minio.local/layers, file:r.json",
      "--registry, ., , file:store, https://AKIA:s3cr3t-token@minio.local/r.json"})
  void aUserOrPasswordInAUriIsRefusedWithoutBeingRepeated(String option, String source,
      String apiUrl, String store, String registry) {
    // resolving refuses the API URL, opening the others: either way before any adapter exists
    assertThatThrownBy(() -> Components.open(config(source, apiUrl, store, registry),
        Mode.PUBLISH, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(option + " ")
        .hasMessageMatching(".*(carries a user or password|no user, query or fragment).*")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t").doesNotContain("me:"));
  }

  @ParameterizedTest
  @CsvSource({
      "file:, file:r.json, '--store file: names no path; give the folder for the zips, e.g. file:.layerkit/store'",
      "file:store, file:, '--registry file: names no path; give the releases file, e.g. file:.layerkit/releases.json'"})
  void anEmptyFileOrSsmLocationIsRefusedWithAnExampleOfItsOwnKind(String store, String registry,
      String message) {
    LayerkitConfig config = config(".", null, store, registry);

    assertThatThrownBy(() -> Components.open(config, Mode.PUBLISH, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ssm:/", "ssm:", "ssm:///"})
  void theRootOfParameterStoreIsRefusedWhileTheConfigurationIsResolved(String registry) {
    assertThatThrownBy(() -> config(".", null, "file:store", registry))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("names the root of Parameter Store")
        .hasMessageEndingWith("give a prefix, e.g. /layerkit/layers");
  }

  @ParameterizedTest
  @ValueSource(strings = {"git+ssh://git@bitbucket.org/acme/platform.git",
      "git+ssh://git:s3cr3t-token@bitbucket.org/acme/platform.git"})
  void anSshSourceIsRefusedAsSshWhateverItsUserPart(String source) {
    LayerkitConfig config = config(source, null, "file:store", "file:r.json");

    assertThatThrownBy(() -> Components.open(config, Mode.BUILD, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("'git+ssh://bitbucket.org/acme/platform.git': SSH is not supported (it would"
            + " need keys and an SSH client in Lambda): use git+https://HOST/PATH.git with a token");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bitbucket://acme", "bitbucket://acme/repo/extra", "bitbucket://ac me/repo"})
  void aMalformedBitbucketSourceIsAConfigurationError(String source) {
    LayerkitConfig config = config(source, null, "file:store", "file:r.json");

    assertThatThrownBy(() -> Components.open(config, Mode.BUILD, Map.of("BITBUCKET_TOKEN", "t")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bitbucket://WORKSPACE/REPO");
  }

  /**
   * A pull request's layerkit.yaml points the Bitbucket API at its own server: the CI's
   * BITBUCKET_TOKEN is refused there before any request, and goes there once the command line
   * names it.
   */
  @Test
  void theRepositorysOwnFileCannotSendTheDefaultTokenToItsServer() throws Exception {
    Path yaml = Files.writeString(dir.resolve("layerkit.yaml"),
        "source: bitbucket://acme/platform\napiUrl: https://collector.evil.example\n");
    ConfigOverrides packages = ConfigOverrides.none()
        .with(Setting.PACKAGES, "PACKAGE_PATH", List.of("layers/a"));
    Map<String, String> env = Map.of("BITBUCKET_TOKEN", "ATCTT3xFfGN0-s3cr3t");

    LayerkitConfig fromFile = new ConfigResolver(ConfigFileReader.read(yaml), dir, packages)
        .resolve();
    assertThatThrownBy(() -> Components.open(fromFile, Mode.BUILD, env))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("the Bitbucket token from BITBUCKET_TOKEN would be sent to"
            + " collector.evil.example (apiUrl), which is not Bitbucket over https")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));

    LayerkitConfig named = new ConfigResolver(ConfigFileReader.read(yaml), dir, packages
        .with(Setting.TOKEN_ENV, "--token-env", "BITBUCKET_TOKEN")).resolve();
    try (Components components = Components.open(named, Mode.BUILD, env)) {
      assertThat(components.parts().source().describe()).contains("acme/platform");
    }
  }
}
