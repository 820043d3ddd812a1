package io.layerkit.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SBOM of a copy of this machine's installed Python packages (each distribution's files as
 * its {@code RECORD} lists them), with Debian's {@code .egg-info} distributions beside them,
 * checked against what Python's own {@code importlib.metadata} reads from the same copy.
 */
class SbomOfInstalledPythonPackagesTest {
  private static final List<String> WHEELS = List.of("requests", "urllib3", "certifi", "idna",
      "charset_normalizer", "boto3", "botocore", "s3transfer", "jmespath", "python_dateutil",
      "six");
  private static final Path DEBIAN = Path.of("/usr/lib/python3/dist-packages");
  private static final List<String> EGGS = List.of("xmltodict-", "PyJWT-", "oauthlib-",
      "toml-", "cryptography.egg-info");
  private static final String SITE = "python/lib/python3.11/site-packages";

  @TempDir static Path dir;
  private static Path root;
  private static ObservedBuild build;
  private static Map<String, String> expected;

  @BeforeAll
  static void copyInstalledPackagesAndBuild() throws Exception {
    Command.requireInstalled("python3");
    Command located = Command.run(dir, 30, "python3", "-c",
        "import os, requests; print(os.path.dirname(os.path.dirname(requests.__file__)))");
    if (located.exitValue() != 0) {
      Command.unavailable("python3 has no requests installed (pip install requests)");
    }
    Path installed = Path.of(located.output().trim());
    root = dir.resolve("repo");
    Path site = root.resolve("layers/python-deps").resolve(SITE);
    Files.createDirectories(site);
    for (String wheel : WHEELS) {
      for (Path distInfo : matching(installed, wheel + "-", ".dist-info")) {
        copyRecord(installed, distInfo, site);
      }
    }
    if (Files.isDirectory(DEBIAN)) {
      for (String egg : EGGS) {
        for (Path eggInfo : matching(DEBIAN, egg, ".egg-info")) {
          Folders.copy(eggInfo, site.resolve(eggInfo.getFileName().toString()));
        }
      }
    }
    build = ObservedBuild.of(root, "layers/python-deps", dir.resolve("python-deps.zip"), 2);
    expected = importlibMetadata(site);
  }

  @Test
  void everyDistributionPythonSeesAppearsOnceWithItsNameVersionAndPurl() throws IOException {
    assertThat(expected).as("distributions copied").hasSizeGreaterThanOrEqualTo(5);
    List<Distribution> python = build.ofKind(Distribution.Kind.PYTHON);

    Map<String, String> found = new LinkedHashMap<>();
    for (Distribution distribution : python) {
      assertThat(found.put(distribution.name(), distribution.version()))
          .as("%s listed once", distribution.name()).isNull();
      assertThat(distribution.purl()).isEqualTo("pkg:pypi/"
          + Purls.normalizePython(distribution.name()) + "@" + distribution.version());
    }
    assertThat(found).isEqualTo(expected);
    assertThat(SbomSchema.purls(build.sbom("python-deps"))).hasSize(expected.size())
        .doesNotHaveDuplicates();
    System.out.printf("installed Python tree: %d components, %d files, %d bytes unzipped%n",
        python.size(), build.archive().files(), build.archive().unzippedSize());
  }

  @Test
  void declaredLicensesBecomeSpdxIdsWhereTheyAreOne() throws IOException {
    JsonNode sbom = SbomSchema.read(build.sbom("python-deps"));
    Map<String, String> spdx = Map.of("urllib3", "id:MIT", "idna", "id:BSD-3-Clause",
        "certifi", "id:MPL-2.0", "requests", "id:Apache-2.0");
    for (Map.Entry<String, String> each : spdx.entrySet()) {
      if (expected.containsKey(each.getKey())) {
        String purl = "pkg:pypi/" + each.getKey() + "@" + expected.get(each.getKey());
        assertThat(SbomOfFixtureLayerTest.licenses(SbomOfFixtureLayerTest.component(sbom, purl)))
            .as(purl).containsExactly(each.getValue());
      }
    }
  }

  @Test
  void theSbomIsValidAndTheSameOnASecondRun() throws Exception {
    byte[] first = build.sbom("python-deps");
    SbomSchema.assertValid(first);

    ObservedBuild again = ObservedBuild.of(root, "layers/python-deps", dir.resolve("again.zip"), 3);
    assertThat(again.sbom("python-deps")).isEqualTo(first);
    assertThat(ZipSbom.scan(again.archive().file()).write("python-deps",
        ObservedBuild.TOOL_VERSION)).isEqualTo(first);
  }

  /** Name -> version of every distribution in {@code site}, as importlib.metadata reads them. */
  private static Map<String, String> importlibMetadata(Path site) throws Exception {
    String script = "import importlib.metadata as m, json, sys\n"
        + "print(json.dumps({d.metadata['Name']: d.version"
        + " for d in m.distributions(path=[sys.argv[1]])}))";
    Command run = Command.run(dir, 60, "python3", "-c", script, site.toString());
    assertThat(run.exitValue()).as(run.output()).isZero();
    Map<String, String> versions = new LinkedHashMap<>();
    new ObjectMapper().readTree(run.output()).fields()
        .forEachRemaining(e -> versions.put(e.getKey(), e.getValue().asText()));
    return versions;
  }

  private static List<Path> matching(Path folder, String prefix, String suffix)
      throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.filter(p -> {
        String name = p.getFileName().toString();
        return name.startsWith(prefix) && name.endsWith(suffix);
      }).sorted().toList();
    }
  }

  /** The files a wheel installed, as its RECORD lists them (scripts outside site-packages left out). */
  private static void copyRecord(Path installed, Path distInfo, Path site) throws IOException {
    List<String> paths = new ArrayList<>();
    for (String line : Files.readAllLines(distInfo.resolve("RECORD"))) {
      String path = line.startsWith("\"")
          ? line.substring(1, line.indexOf('"', 1))
          : line.substring(0, Math.max(line.indexOf(','), 0));
      if (!path.isEmpty() && !path.startsWith("..") && !path.startsWith("/")
          && !path.contains("__pycache__")) {
        paths.add(path);
      }
    }
    for (String path : paths) {
      Path from = installed.resolve(path);
      if (Files.isRegularFile(from)) {
        Path to = site.resolve(path);
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
      }
    }
  }
}
