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

  /** A 30 MiB file is refused from its size alone, at once, before a byte of it is parsed. */
  @Test
  void anOversizedFileIsRefusedBeforeItIsParsed() throws IOException {
    Path file = dir.resolve("layerkit.yaml");
    try (var out = Files.newBufferedWriter(file)) {
      String line = "# " + "x".repeat(1021) + "\n";
      for (int i = 0; i < 30 * 1024; i++) {
        out.write(line);
      }
    }
    long start = System.nanoTime();
    assertThatThrownBy(() -> ConfigFileReader.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file " + file + " is 30.0 MiB; a layerkit.yaml may be at most 1 MiB:"
            + " check --config names the right file");
    assertThat(System.nanoTime() - start).as("refused from its size").isLessThan(2_000_000_000L);
  }

  @Test
  void aTabIsNamedWithItsLine() throws IOException {
    Path file = write("source: examples\npublish:\n\tlayer: true\n");
    assertThatThrownBy(() -> ConfigFileReader.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + " line 3: a tab indents this line; YAML indents with spaces only:"
            + " replace the tab with spaces");
  }

  @Test
  void aTabInsideAQuotedValueIsAllowed() throws IOException {
    assertThat(ConfigFileReader.read(write("ref: \"a\\tb\"\npublish:\n  license: \"MIT\tor\"\n"))
        .publish().license()).isEqualTo("MIT\tor");
  }

  /** 600,000 characters (3 MB is over the file limit) are refused by length and line, unshown. */
  @Test
  void aHugeValueIsRefusedWithoutBeingRepeated() throws IOException {
    Path file = write("source: examples\nref: " + "s3cr3t".repeat(100_000) + "\n");
    Throwable thrown = catchThrowable(() -> ConfigFileReader.read(file));
    assertThat(thrown).isInstanceOf(ConfigException.class)
        .hasMessage(file + " line 2: the value of 'ref' is 600000 characters long; a"
            + " layerkit.yaml value may have at most 4096 (the value is not shown)");
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cr3t");
    }
  }

  @Test
  void aHugeValueInAListIsNamedByItsPlace() throws IOException {
    Path file = write("packages:\n  - path: a\n  - path: " + "x".repeat(5000) + "\n");
    assertThatThrownBy(() -> ConfigFileReader.read(file))
        .hasMessage(file + " line 3: the value of 'packages[1].path' is 5000 characters long; a"
            + " layerkit.yaml value may have at most 4096 (the value is not shown)");
  }
}
