package io.layerkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileReaderTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("layerkit.yaml"), yaml);
  }

  @Test
  void readsEverySection() throws IOException {
    ConfigFile file = ConfigFileReader.read(write("""
        source: bitbucket://acme/platform
        ref: main
        token:
          parameter: /layerkit/token
        store: s3://bucket/layers/
        registry: ssm:/layerkit
        publish:
          layer: true
          share: ["123456789012", o-abcdefghij]
          runtimes: [python3.12]
        archive:
          concurrency: 4
        packages:
          - path: lambda/layers/requests
            license: MIT
          - path: lambda/layers/tools
            name: tools
            architectures: [arm64]
        """));
    assertThat(file.source()).isEqualTo("bitbucket://acme/platform");
    assertThat(file.token().parameter()).isEqualTo("/layerkit/token");
    assertThat(file.publish().layer()).isTrue();
    assertThat(file.publish().share()).containsExactly("123456789012", "o-abcdefghij");
    assertThat(file.archive().concurrency()).isEqualTo(4);
    assertThat(file.packages()).hasSize(2);
    assertThat(file.packages().get(1).architectures()).containsExactly("arm64");
  }

  @Test
  void anUnknownKeyNamesTheKeyAndTheLine() throws IOException {
    Path file = write("""
        source: .
        packages:
          - path: layers/a
            runtime: python3.12
        """);
    assertThatThrownBy(() -> ConfigFileReader.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + " line 4: unknown key 'runtime' in 'packages[0]'")
        .hasMessageContaining("runtimes");
  }

  @Test
  void aWrongTypeNamesTheKeyAndTheLine() throws IOException {
    Path file = write("""
        archive:
          concurrency: lots
        """);
    assertThatThrownBy(() -> ConfigFileReader.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + " line 2: wrong value for 'archive.concurrency'");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "token: ATCTT3xFfGN0-s3cr3t\n",
      "token:\n  - ATCTT3xFfGN0-s3cr3t\n",
      "token: \"ATCTT3xFfGN0-s3cr3t\n",
      "token:\n  env: BITBUCKET_TOKEN\n  ATCTT3xFfGN0-s3cr3t\n",
      "archive:\n  concurrency: ATCTT3xFfGN0-s3cr3t\n"})
  void aTokenPastedIntoTheFileIsNeverRepeated(String yaml) throws IOException {
    Path file = write(yaml);
    Throwable thrown = catchThrowable(() -> ConfigFileReader.read(file));
    assertThat(thrown).isInstanceOf(ConfigException.class).hasMessageStartingWith(file + " line ");
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cr3t");
    }
  }

  @Test
  void aWrongTypeSaysWhatBelongsThere() throws IOException {
    assertThatThrownBy(() -> ConfigFileReader.read(write("token: abc\n")))
        .hasMessageEndingWith("line 1: wrong value for 'token': expected a mapping of env,"
            + " parameter, username");
    assertThatThrownBy(() -> ConfigFileReader.read(write("archive: {concurrency: lots}\n")))
        .hasMessageEndingWith("line 1: wrong value for 'archive.concurrency': expected a whole"
            + " number");
    assertThatThrownBy(() -> ConfigFileReader.read(write("publish: {layer: maybe}\n")))
        .hasMessageEndingWith("line 1: wrong value for 'publish.layer': expected true or false");
    assertThatThrownBy(() -> ConfigFileReader.read(write("ref: [main]\n")))
        .hasMessageEndingWith("line 1: wrong value for 'ref': expected text");
  }

  @Test
  void aStringWhereAListBelongsIsRefused() throws IOException {
    Path file = write("""
        publish:
          share: 123456789012
        """);
    assertThatThrownBy(() -> ConfigFileReader.read(file))
        .hasMessageContaining("line 2: wrong value for 'publish.share'");
  }

  @Test
  void aKeyGivenTwiceIsRefusedNotSilentlyOverwritten() throws IOException {
    // YAML forbids it; read leniently, the second packages list would drop the first unseen
    Path file = write("""
        packages:
          - path: layers/a
        store: file:x
        packages:
          - path: layers/b
        """);
    assertThatThrownBy(() -> ConfigFileReader.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + " line 4: key 'packages' is given twice; keep one");
  }

  @Test
  void brokenYamlIsNamed() throws IOException {
    Path file = write("source: \"unclosed\n");
    assertThatThrownBy(() -> ConfigFileReader.read(file))
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> ConfigFileReader.read(dir.resolve("nope.yaml")))
        .hasMessageContaining("does not exist; check --config");
  }

  @Test
  void anEmptyFileIsAnEmptyConfig() throws IOException {
    assertThat(ConfigFileReader.read(write(""))).isEqualTo(ConfigFile.empty());
  }
}
