package io.layerkit.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SBOM of a real {@code npm install} (pinned top-level packages, one scoped, one that needs a
 * nested {@code node_modules}), checked against what {@code npm ls} itself reports. Needs the npm
 * registry: skipped, saying so, when it cannot be reached ({@link SbomOfFixtureLayerTest} covers
 * the same rules offline).
 */
class SbomOfAnNpmInstallTest {
  /** debug@2.6.9 wants ms@2.0.0 while ms@2.1.3 is installed at the top: a nested node_modules. */
  private static final String[] PACKAGES = {"debug@2.6.9", "ms@2.1.3", "@sindresorhus/is@4.6.0",
      "@babel/code-frame@7.24.7"};

  @TempDir static Path dir;
  private static ObservedBuild build;
  private static Map<String, String> npmLs;

  @BeforeAll
  static void installAndBuild() throws Exception {
    Command.requireInstalled("npm");
    Path nodejs = dir.resolve("repo/layers/node-deps/nodejs");
    Files.createDirectories(nodejs);
    List<String> install = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund",
        "--ignore-scripts", "--loglevel=error", "--fetch-retries=1"));
    install.addAll(List.of(PACKAGES));
    Command installed = Command.run(nodejs, 180, install.toArray(String[]::new));
    Assumptions.assumeTrue(installed.exitValue() == 0,
        () -> "npm install failed (no registry?), skipped: " + installed.output().strip());
    Command ls = Command.run(nodejs, 60, "npm", "ls", "--all", "--parseable", "--long");
    assertThat(ls.exitValue()).as(ls.output()).isZero();
    npmLs = new LinkedHashMap<>();
    for (String line : ls.output().strip().split("\n")) {
      // /abs/path/node_modules/debug/node_modules/ms:ms@2.0.0
      String location = line.substring(0, line.lastIndexOf(':'));
      String spec = line.substring(line.lastIndexOf(':') + 1);
      if (location.contains("node_modules")) {
        String relative = "nodejs/" + nodejs.relativize(Path.of(location)) + "/package.json";
        npmLs.put(relative, spec);
      }
    }
    build = ObservedBuild.of(dir.resolve("repo"), "layers/node-deps", dir.resolve("node.zip"), 2);
  }

  @Test
  void everyPackageNpmListsAppearsWithItsNameVersionPurlAndLocation() throws Exception {
    Map<String, String> found = new LinkedHashMap<>();
    for (Distribution distribution : build.ofKind(Distribution.Kind.NPM)) {
      String fullName = (distribution.group() == null ? "" : distribution.group() + "/")
          + distribution.name();
      for (String location : distribution.locations()) {
        found.put(location, fullName + "@" + distribution.version());
      }
      assertThat(distribution.purl()).isEqualTo("pkg:npm/"
          + fullName.replace("@", "%40") + "@" + distribution.version());
    }

    assertThat(found).isEqualTo(npmLs);
    assertThat(found).containsEntry("nodejs/node_modules/debug/node_modules/ms/package.json",
        "ms@2.0.0").containsEntry("nodejs/node_modules/@sindresorhus/is/package.json",
        "@sindresorhus/is@4.6.0");
    byte[] sbom = build.sbom("node-deps");
    SbomSchema.assertValid(sbom);
    assertThat(SbomSchema.purls(sbom)).doesNotHaveDuplicates()
        .hasSize((int) npmLs.values().stream().distinct().count());
    System.out.printf("npm install tree: %d components from %d installed packages%n",
        build.ofKind(Distribution.Kind.NPM).size(), npmLs.size());
  }

  @Test
  void theSbomIsTheSameOnASecondRunAndReadBackFromTheZip() throws Exception {
    ObservedBuild again = ObservedBuild.of(dir.resolve("repo"), "layers/node-deps",
        dir.resolve("again.zip"), 1);

    assertThat(again.sbom("node-deps")).isEqualTo(build.sbom("node-deps"));
    assertThat(ZipSbom.scan(build.archive().file()).write("node-deps",
        ObservedBuild.TOOL_VERSION)).isEqualTo(build.sbom("node-deps"));
  }
}
