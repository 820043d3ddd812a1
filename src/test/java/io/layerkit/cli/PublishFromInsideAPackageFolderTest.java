package io.layerkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.source.git.FixtureRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running layerkit from inside the package folder it builds: its own {@code .layerkit/} store and
 * registry, and a {@code --out} folder there, land inside the package, yet never become part of
 * the next version, so the second run is {@code unchanged}. The package is in a Git work tree
 * whose user's global excludes file (core.excludesFile in ~/.gitconfig) ignores {@code *.tmp}.
 * Each run is a JVM of its own started in the package folder, as a shell would.
 */
class PublishFromInsideAPackageFolderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;
  private Path pkg;
  private Path home;

  @BeforeEach
  void repository() throws Exception {
    FixtureRepository repo = FixtureRepository.init(work.resolve("repo"));
    repo.write("layers/req/python/req/__init__.py", "x = 1\n").commit("layer");
    pkg = repo.folder().resolve("layers/req");
    Files.writeString(pkg.resolve("python/req/scratch.tmp"), "not for the layer\n");
    home = Files.createDirectories(work.resolve("home"));
    Files.writeString(home.resolve(".gitconfig"), "[core]\n\texcludesFile = ~/global-ignore\n");
    Files.writeString(home.resolve("global-ignore"), "*.tmp\n");
  }

  private JsonNode layerkit(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).directory(pkg.toFile())
        .redirectError(work.resolve("stderr").toFile()).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(work.resolve("stderr"));
    assertThat(child.exitValue()).as(err).isZero();
    return JSON.readTree(out);
  }

  @Test
  void aSecondPublishFromThePackageFolderIsUnchanged() throws Exception {
    JsonNode first = layerkit("publish", "--json", "--source", "../..", "layers/req");
    JsonNode second = layerkit("publish", "--json", "--source", "../..", "layers/req");

    assertThat(first.path("packages").get(0).path("status").asText()).isEqualTo("created");
    assertThat(first.path("packages").get(0).path("files").asInt()).isEqualTo(1);
    assertThat(second.path("packages").get(0).path("status").asText()).isEqualTo("unchanged");
    assertThat(pkg.resolve(".layerkit/releases.json")).exists();
  }

  @Test
  void aSecondBuildIntoThePackageFolderGivesTheSameZip() throws Exception {
    layerkit("build", "--json", "--source", "../..", "--out", "zips", "layers/req");
    byte[] first = Files.readAllBytes(pkg.resolve("zips/req.zip"));
    layerkit("build", "--json", "--source", "../..", "--out", "zips", "layers/req");

    assertThat(Files.readAllBytes(pkg.resolve("zips/req.zip"))).isEqualTo(first);
    try (ZipFile zip = new ZipFile(pkg.resolve("zips/req.zip").toFile())) {
      assertThat(Collections.list(zip.entries())).extracting(ZipEntry::getName)
          .containsExactly("python/", "python/req/", "python/req/__init__.py");
    }
  }
}
