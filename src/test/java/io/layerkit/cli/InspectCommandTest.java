package io.layerkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerkit inspect}: what a script reads from {@code --json} and a person from stdout. */
class InspectCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path builtZip() throws IOException {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("layers/tools/bin"));
    Path tool = Files.writeString(src.resolve("layers/tools/bin/tool"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(src.resolve("layers/tools/bin/link"), Path.of("tool"));
    CliRun build = CliRun.of("build", "--source", src.toString(), "--out",
        dir.resolve("out").toString(), "layers/tools");
    assertThat(build.exitCode()).as(build.err()).isZero();
    return dir.resolve("out/tools.zip");
  }

  @Test
  void jsonNamesEachEntrysKindAndModeInPlainAscii() throws IOException {
    CliRun run = CliRun.of("inspect", "--json", builtZip().toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.path("entries")).extracting(e -> e.path("name").asText() + " "
            + e.path("kind").asText() + " " + e.path("mode").asText())
        .containsExactly("bin/ directory 0755", "bin/link symlink 0777", "bin/tool file 0755");
    assertThat(report.path("files").asInt()).isEqualTo(2);
    assertThat(report.path("errors")).isEmpty();
  }

  @Test
  void humanOutputListsEntriesAndSaysTheLayerIsValid() throws IOException {
    CliRun run = CliRun.of("inspect", builtZip().toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("0755         10         10 stored   bin/tool")
        .contains("2 files, 14 B unzipped").contains("valid layer, reproducible layout");
  }

  @Test
  void sbomOfAStoredZipListsWhatPublishStoredBesideIt() throws IOException {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("layers/requests/python/requests-2.32.3.dist-info"));
    Files.writeString(src.resolve("layers/requests/python/requests-2.32.3.dist-info/METADATA"),
        "Metadata-Version: 2.1\nName: requests\nVersion: 2.32.3\nLicense: Apache-2.0\n");
    Files.createDirectories(src.resolve("layers/requests/nodejs/node_modules/left-pad"));
    Files.writeString(src.resolve("layers/requests/nodejs/node_modules/left-pad/package.json"),
        "{\"name\": \"left-pad\", \"version\": \"1.3.0\", \"license\": \"WTFPL\"}\n");
    CliRun publish = CliRun.of("publish", "--json", "--source", src.toString(),
        "--store", "file:" + dir.resolve("store"), "--registry",
        "file:" + dir.resolve("releases.json"), "layers/requests");
    assertThat(publish.exitCode()).as(publish.err()).isZero();
    JsonNode pkg = JSON.readTree(publish.out()).path("packages").get(0);
    JsonNode stored = JSON.readTree(dir.resolve("store").resolve(pkg.path("sbomKey").asText())
        .toFile());

    CliRun run = CliRun.of("inspect", "--sbom",
        dir.resolve("store").resolve(pkg.path("key").asText()).toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode sbom = JSON.readTree(run.out());
    assertThat(sbom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(sbom.path("components")).isEqualTo(stored.path("components"));
    assertThat(sbom.path("components")).extracting(c -> c.path("purl").asText())
        .containsExactly("pkg:npm/left-pad@1.3.0", "pkg:pypi/requests@2.32.3");
    assertThat(sbom.path("metadata").path("component").path("hashes").get(0).path("content")
        .asText()).isEqualTo(pkg.path("sha256").asText());
  }
}
