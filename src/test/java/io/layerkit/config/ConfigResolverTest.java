package io.layerkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.archive.LayerLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {
  @TempDir Path dir;

  private ConfigFile file(String yaml) throws IOException {
    return ConfigFileReader.read(Files.writeString(dir.resolve("layerkit.yaml"), yaml));
  }

  private static ConfigOverrides flags() {
    return ConfigOverrides.none();
  }

  private static ConfigOverrides packages(String... entries) {
    return ConfigOverrides.none().with(Setting.PACKAGES, "PACKAGE_PATH", List.of(entries));
  }

  private LayerkitConfig resolve(ConfigFile file, ConfigOverrides overrides, String... entries) {
    return new ConfigResolver(file, dir, overrides.over(packages(entries))).resolve();
  }

  @Test
  void defaultsNeedNoFileAndNoAws() {
    LayerkitConfig config = resolve(ConfigFile.empty(), flags(), "layers/requests");
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
    ConfigOverrides env = ConfigOverrides.none()
        .with(Setting.REGISTRY, "LAYERKIT_REGISTRY", "file:from-env.json")
        .with(Setting.REF, "LAYERKIT_REF", "env-ref")
        .with(Setting.TIMESTAMP, "SOURCE_DATE_EPOCH", "1700000000");
    ConfigOverrides cli = ConfigOverrides.none().with(Setting.REF, "--ref", "flag-ref");

    LayerkitConfig config = resolve(file, cli.over(env), "a");

    assertThat(config.source().ref()).contains("flag-ref");
    assertThat(config.registry()).isEqualTo("file:from-env.json");
    assertThat(config.store()).isEqualTo("file:" + dir.resolve("from-file"));
    assertThat(config.archive().timestamp()).isEqualTo(Instant.ofEpochSecond(1700000000));
  }

  @Test
  void pathsInTheFileAreRelativeToTheFile() throws IOException {
    LayerkitConfig config = resolve(file("source: examples\nout: build\n"), flags(), "a");
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
    assertThat(new ConfigResolver(file, dir, flags()).resolve().packages())
        .extracting(PackageSpec::name).containsExactly("requests", "hello-tools");
    assertThat(resolve(file, flags(), "hello-tools", "./layers/requests/", "layers/other")
        .packages()).extracting(PackageSpec::name)
        .containsExactly("hello-tools", "requests", "other");
    assertThat(resolve(file, flags(), "layers/requests").packages().get(0).license())
        .contains("MIT");
  }

  @Test
  void aPathArgumentMeansThatPathEvenWhenAnotherPackageHasItAsName() throws IOException {
    ConfigFile file = file("""
        packages:
          - {path: vendor/tools, name: tools}
          - {path: tools, name: local-tools}
        """);
    assertThat(resolve(file, flags(), "tools").packages()).extracting(PackageSpec::path)
        .containsExactly("tools");
    assertThat(resolve(file, flags(), "vendor/tools").packages()).extracting(PackageSpec::name)
        .containsExactly("tools");
  }

  @Test
  void aPackageNamedTwiceInTheArgumentsIsBuiltOnce() throws IOException {
    ConfigFile file = file("""
        packages:
          - {path: layers/tools, name: hello-tools}
        """);
    assertThat(resolve(file, flags(), "layers/tools", "hello-tools", "./layers/tools/")
        .packages()).extracting(PackageSpec::name).containsExactly("hello-tools");
    assertThat(resolve(file, flags(), "layers/a", "layers/a").packages())
        .extracting(PackageSpec::path).containsExactly("layers/a");
  }

  private static ConfigOverrides publishing(String shareName, List<String> share) {
    return ConfigOverrides.none()
        .with(Setting.PUBLISH_LAYER, "--publish-layer", true)
        .with(Setting.ALLOW_PUBLIC, "--allow-public", null)
        .with(Setting.SHARE, shareName, share);
  }

  @Test
  void sharingEveryoneNeedsAllowPublic() {
    assertThatThrownBy(() -> resolve(ConfigFile.empty(), publishing("LAYERKIT_SHARE",
        List.of("*")), "a"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("LAYERKIT_SHARE contains '*', which lets every AWS account use the layers:"
            + " turn on --allow-public to confirm, or share with account or organization ids");
  }

  @Test
  void sharePrincipalsAreChecked() {
    assertThatThrownBy(() -> resolve(ConfigFile.empty(), publishing("--share",
        List.of("123456789012", "o-abcdefghij", "12345")), "a"))
        .hasMessage("--share '12345' is neither a 12-digit account id, an organization id (o-...)"
            + " nor '*'");
  }

  @Test
  void sharingNeedsPublishing() throws IOException {
    assertThatThrownBy(() -> resolve(file("publish: {share: ['123456789012']}"), flags()
        .with(Setting.PUBLISH_LAYER, "--publish-layer", null), "a"))
        .hasMessage("layerkit.yaml publish.share is set but --publish-layer is not: sharing"
            + " applies to published layer versions; turn on --publish-layer or clear"
            + " layerkit.yaml publish.share");
  }

  @Test
  void aPackageNameLambdaRefusesAsLayerNameIsRefusedUpFrontWhenPublishing() {
    ConfigOverrides publish = flags().with(Setting.PUBLISH_LAYER, "--publish-layer", true);
    assertThatThrownBy(() -> resolve(ConfigFile.empty(), publish, "layers/python3.12"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("PACKAGE_PATH 'layers/python3.12' gives the package name 'python3.12', which"
            + " Lambda does not accept as a layer name (letters, digits, '-' and '_', at most 64):"
            + " rename it as NAME=FOLDER (e.g. python3-12=layers/python3.12) or with name: in"
            + " layerkit.yaml");
    // building or storing alone is fine: only a layer name has Lambda's rules
    assertThat(resolve(ConfigFile.empty(), flags(), "layers/python3.12").packages().get(0).name())
        .isEqualTo("python3.12");
  }

  @Test
  void nameEqualsFolderRenamesAPackage() throws IOException {
    ConfigOverrides publish = flags().with(Setting.PUBLISH_LAYER, "--publish-layer", true);
    LayerkitConfig config = resolve(file("""
        packages:
          - {path: layers/python3.12, license: MIT}
        """), publish, "python3-12=layers/python3.12/", "tools=vendor/tools");
    assertThat(config.packages()).extracting(PackageSpec::name, PackageSpec::path)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("python3-12", "layers/python3.12"),
            org.assertj.core.groups.Tuple.tuple("tools", "vendor/tools"));
    assertThat(config.packages().get(0).license()).as("the configured package, renamed")
        .contains("MIT");
  }

  @Test
  void twoEntriesWithOnePackageNameAreRefused() {
    assertThatThrownBy(() -> resolve(ConfigFile.empty(), flags(), "layers/tools", "other/tools"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("PACKAGE_PATH names 'layers/tools' and 'other/tools', which both"
            + " give the package name 'tools'");
  }

  @Test
  void badValuesAreNamed() throws IOException {
    assertThatThrownBy(() -> resolve(file("archive: {timestamp: yesterday}"), flags(), "a"))
        .hasMessageContaining("archive.timestamp 'yesterday' is neither");
    assertThatThrownBy(() -> resolve(file("archive: {concurrency: 0}"), flags(), "a"))
        .hasMessageContaining("archive.concurrency 0 is out of range");
    assertThatThrownBy(() -> resolve(file("publish: {architectures: [amd64]}"), flags(), "a"))
        .hasMessage("layerkit.yaml publish.architectures 'amd64' is not an architecture Lambda"
            + " knows: use x86_64 and/or arm64");
    assertThatThrownBy(() -> new ConfigResolver(file("packages: [{name: x}]"), dir,
        flags()).resolve()).hasMessageContaining("packages[0] has no path");
    assertThatThrownBy(() -> resolve(ConfigFile.empty(), flags(), "layers/my layer"))
        .hasMessageContaining("package name 'my layer'");
    assertThatThrownBy(() -> resolve(ConfigFile.empty(), flags(), "../outside"))
        .hasMessageContaining("unsafe path");
  }

  @Test
  void aBadApiUrlIsNamed() throws IOException {
    for (String url : List.of("not a url", "api.bitbucket.org", "ftp://api.bitbucket.org")) {
      assertThatThrownBy(() -> resolve(file("apiUrl: " + url), flags(), "a"))
          .isInstanceOf(ConfigException.class)
          .hasMessage("layerkit.yaml apiUrl '" + url + "' must be an http(s) URL with a host and"
              + " no user, query or fragment, e.g. https://api.bitbucket.org");
    }
    assertThatThrownBy(() -> resolve(file("apiUrl: https://me:s3cr3t@api.bitbucket.org"), flags(),
        "a"))
        .as("a password in the URL is not repeated")
        .hasMessage("layerkit.yaml apiUrl must be an http(s) URL with a host and no user, query or"
            + " fragment, e.g. https://api.bitbucket.org");
    assertThat(resolve(file("apiUrl: http://127.0.0.1:8080/"), flags(), "a")
        .source().apiUrl()).contains("http://127.0.0.1:8080/");
  }

  @Test
  void limitsComeFromTheFileInMiB() throws IOException {
    LayerkitConfig config = resolve(file("limits: {maxUnzippedMb: 10}"), flags(), "a");
    assertThat(config.limits().maxUnzippedBytes()).isEqualTo(10 * LayerLimits.MB);
  }

  /** A token pasted where its variable's or parameter's name belongs is refused, never shown. */
  @ParameterizedTest
  @ValueSource(strings = {"--token-env", "--token-parameter", "token.env", "token.parameter"})
  void aTokenGivenAsItsOwnNameIsRefusedWithoutRepeatingIt(String where) throws IOException {
    String token = "ATCTT3xFfGN0-s3cr3t+K9=";
    boolean env = where.endsWith("env");
    ConfigFile file = where.startsWith("--") ? ConfigFile.empty()
        : file("token: {" + where.substring("token.".length()) + ": \"" + token + "\"}\n");
    ConfigOverrides overrides = where.startsWith("--")
        ? ConfigOverrides.none().with(env ? Setting.TOKEN_ENV : Setting.TOKEN_PARAMETER, where,
            token)
        : flags();

    assertThatThrownBy(() -> resolve(file, overrides, "a"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith((where.startsWith("--") ? "" : "layerkit.yaml ") + where
            + (env ? " is not an environment variable name" : " is not an SSM parameter name"))
        .hasMessageContaining("the value is not shown")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t").doesNotContain("\n"));
  }

  @Test
  void tokenNamesThatAreNamesAreKept() {
    LayerkitConfig config = resolve(ConfigFile.empty(), ConfigOverrides.none()
        .with(Setting.TOKEN_ENV, "--token-env", "CI_BITBUCKET_TOKEN")
        .with(Setting.TOKEN_PARAMETER, "--token-parameter",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/layerkit/bitbucket-token"), "a");
    assertThat(config.source().token().envVar()).isEqualTo("CI_BITBUCKET_TOKEN");
    assertThat(config.source().token().parameterName()).contains(
        "arn:aws:ssm:eu-west-1:123456789012:parameter/layerkit/bitbucket-token");
  }

  /** An absolute package path is refused, not quietly read as the relative {@code etc}. */
  @ParameterizedTest
  @ValueSource(strings = {"/etc", "//srv/layers/x", "name=/etc"})
  void anAbsolutePackagePathIsRefused(String entry) {
    assertThatThrownBy(() -> resolve(ConfigFile.empty(), flags(), entry))
        .isInstanceOf(ConfigException.class)
        .hasMessage("PACKAGE_PATH '" + entry + "' is an absolute path: give the package folder"
            + " relative to the source's root, e.g. layers/requests");
  }

  @Test
  void anAbsolutePackagePathInTheFileIsRefused() throws IOException {
    ConfigFile file = file("packages:\n  - {path: /etc}\n");
    assertThatThrownBy(() -> resolve(file, flags()))
        .hasMessage("layerkit.yaml packages[0] '/etc' is an absolute path: give the package"
            + " folder relative to the source's root, e.g. layers/requests");
  }

  @Test
  void aMalformedSourceDateEpochNamesTheVariable() {
    assertThatThrownBy(() -> resolve(ConfigFile.empty(), ConfigOverrides.none()
        .with(Setting.TIMESTAMP, "SOURCE_DATE_EPOCH", "garbage"), "a"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("SOURCE_DATE_EPOCH 'garbage' is neither seconds since 1970 nor an ISO-8601"
            + " instant such as 2024-05-06T07:08:10Z");
  }

  /** Where the token was named decides where it may go: the front door's name, or nothing. */
  @Test
  void theTokenRemembersWhetherTheFrontDoorNamedIt() throws IOException {
    ConfigFile file = file("token: {env: CI_SECRET}\napiUrl: https://evil.example\n");
    assertThat(resolve(file, flags(), "a").source().token().namedBy()).isEmpty();
    assertThat(resolve(file, ConfigOverrides.none().with(Setting.TOKEN_ENV, "--token-env",
        "CI_SECRET"), "a").source().token().namedBy()).contains("--token-env");
    assertThat(resolve(ConfigFile.empty(), ConfigOverrides.none().with(Setting.TOKEN_PARAMETER,
        "BITBUCKET_TOKEN_PARAMETER", "/layerkit/token"), "a").source().token().namedBy())
        .contains("BITBUCKET_TOKEN_PARAMETER");
  }
}
