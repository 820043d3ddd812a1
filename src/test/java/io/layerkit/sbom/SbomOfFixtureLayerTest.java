package io.layerkit.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed fixture layer (no network): Python dist-info and egg-info in both forms, Node
 * packages scoped and nested with every license form, and jars written here.
 */
class SbomOfFixtureLayerTest {
  @TempDir Path dir;
  private Path root;

  @BeforeEach
  void copyFixtureAndWriteJars() throws IOException {
    Path fixture = Path.of("src/test/resources/sbom/fixture-layer");
    root = dir.resolve("repo");
    Path layer = root.resolve("layers/mixed");
    Folders.copy(fixture, layer);
    Path lib = layer.resolve("java/lib");
    new Jars().pomProperties("org.example", "greeter", "1.4.2")
        .entry("org/example/Greeter.class", new byte[] {(byte) 0xca, (byte) 0xfe, 0, 1})
        .write(lib.resolve("greeter-1.4.2.jar"));
    new Jars().pomProperties("org.example", "app", "3.0.0")
        .pomProperties("com.google.code.gson", "gson", "2.11.0")
        .pomProperties("org.slf4j", "slf4j-api", "2.0.20")
        .entry("org/example/App.class", new byte[] {1, 2, 3})
        .write(lib.resolve("app-3.0.0-all.jar"));
    new Jars().entry("tool/Main.class", new byte[] {9, 9, 9}).write(lib.resolve("tool.jar"));
    byte[] notAZip = new byte[5000];
    new Random(7).nextBytes(notAZip);
    Files.write(lib.resolve("damaged.jar"), notAZip);
  }

  @Test
  void listsEveryDistributionOnceWithItsNameVersionPurlAndLicense() throws IOException {
    ObservedBuild build = ObservedBuild.of(root, "layers/mixed", dir.resolve("mixed.zip"), 2);
    byte[] sbom = build.sbom("mixed");

    SbomSchema.assertValid(sbom);
    JsonNode json = SbomSchema.read(sbom);
    assertThat(SbomSchema.purls(sbom)).containsExactly(
        "damaged",
        "tool",
        "pkg:maven/org.example/app@3.0.0",
        "pkg:maven/org.example/greeter@1.4.2",
        "pkg:npm/%40scope/thing@2.0.0",
        "pkg:npm/dup@1.0.0",
        "pkg:npm/left-pad@1.1.0",
        "pkg:npm/left-pad@1.3.0",
        "pkg:pypi/example-pkg@1.0",
        "pkg:pypi/legacy-pkg@0.9",
        "pkg:pypi/oldstyle@2.0",
        "pkg:pypi/textlicense@1.2");

    assertThat(licenses(component(json, "pkg:pypi/example-pkg@1.0")))
        .containsExactly("expression:MIT OR Apache-2.0");
    assertThat(component(json, "pkg:pypi/example-pkg@1.0").get("name").asText())
        .isEqualTo("Example_Pkg");
    assertThat(licenses(component(json, "pkg:pypi/legacy-pkg@0.9"))).containsExactly("id:MIT");
    assertThat(licenses(component(json, "pkg:pypi/oldstyle@2.0")))
        .containsExactly("name:Python Software Foundation License");
    assertThat(licenses(component(json, "pkg:pypi/textlicense@1.2")))
        .as("a License header holding the text gives way to the classifiers, which do not say"
            + " which Apache license")
        .containsExactly("name:Apache Software License");
    assertThat(licenses(component(json, "pkg:npm/left-pad@1.3.0"))).containsExactly("id:WTFPL");
    assertThat(licenses(component(json, "pkg:npm/left-pad@1.1.0")))
        .containsExactly("id:MIT", "id:Apache-2.0");
    assertThat(licenses(component(json, "pkg:npm/%40scope/thing@2.0.0"))).containsExactly("id:MIT");
    assertThat(component(json, "pkg:npm/%40scope/thing@2.0.0").get("group").asText())
        .isEqualTo("@scope");
    assertThat(licenses(component(json, "pkg:npm/dup@1.0.0")))
        .containsExactly("expression:(MIT OR ISC)");
    assertThat(locations(component(json, "pkg:npm/dup@1.0.0"))).containsExactly(
        "nodejs/node_modules/@scope/thing/node_modules/dup/package.json",
        "nodejs/node_modules/dup/package.json");
  }

  @Test
  void jarsCarryTheirHashAndCoordinatesAndAShadedJarListsWhatItBundles() throws IOException {
    ObservedBuild build = ObservedBuild.of(root, "layers/mixed", dir.resolve("mixed.zip"), 2);
    JsonNode json = SbomSchema.read(build.sbom("mixed"));
    Path lib = root.resolve("layers/mixed/java/lib");

    JsonNode greeter = component(json, "pkg:maven/org.example/greeter@1.4.2");
    assertThat(greeter.get("group").asText()).isEqualTo("org.example");
    assertThat(sha256(greeter)).isEqualTo(sha256(lib.resolve("greeter-1.4.2.jar")));
    JsonNode app = component(json, "pkg:maven/org.example/app@3.0.0");
    assertThat(StreamSupport.stream(app.get("components").spliterator(), false)
        .map(c -> c.get("purl").asText()))
        .containsExactly("pkg:maven/com.google.code.gson/gson@2.11.0",
            "pkg:maven/org.slf4j/slf4j-api@2.0.20");
    JsonNode tool = component(json, "tool");
    assertThat(tool.has("purl")).isFalse();
    assertThat(sha256(tool)).isEqualTo(sha256(lib.resolve("tool.jar")));
    assertThat(sha256(component(json, "damaged"))).isEqualTo(sha256(lib.resolve("damaged.jar")));
  }

  @Test
  void twoJarsClaimingTheSameCoordinatesWithOtherBytesAreTwoComponents() throws IOException {
    new Jars().pomProperties("org.example", "greeter", "1.4.2")
        .entry("org/example/Greeter.class", new byte[] {(byte) 0xca, (byte) 0xfe, 0, 2})
        .write(root.resolve("layers/mixed/java/lib/patched/greeter-1.4.2.jar"));

    byte[] sbom = ObservedBuild.of(root, "layers/mixed", dir.resolve("mixed.zip"), 2).sbom("mixed");

    SbomSchema.assertValid(sbom);
    List<JsonNode> greeters = StreamSupport.stream(SbomSchema.read(sbom).get("components")
        .spliterator(), false)
        .filter(c -> c.path("purl").asText().equals("pkg:maven/org.example/greeter@1.4.2")).toList();
    assertThat(greeters).hasSize(2);
    assertThat(greeters).extracting(c -> c.get("bom-ref").asText()).doesNotHaveDuplicates();
    assertThat(greeters).extracting(SbomOfFixtureLayerTest::sha256).doesNotHaveDuplicates();
  }

  @Test
  void theMainComponentIsTheZipAndTheSbomIsTheSameOnEveryRunAndThreadCount() throws IOException {
    ObservedBuild one = ObservedBuild.of(root, "layers/mixed", dir.resolve("one.zip"), 1);
    ObservedBuild two = ObservedBuild.of(root, "layers/mixed", dir.resolve("two.zip"), 4);

    assertThat(two.sbom("mixed")).isEqualTo(one.sbom("mixed"));
    JsonNode json = SbomSchema.read(one.sbom("mixed"));
    JsonNode main = json.get("metadata").get("component");
    assertThat(main.get("name").asText()).isEqualTo("mixed");
    assertThat(main.get("hashes").get(0).get("content").asText())
        .isEqualTo(one.archive().sha256()).isEqualTo(sha256(one.archive().file()));
    assertThat(json.get("metadata").get("timestamp").asText()).isEqualTo("2026-11-23T22:35:00Z");
    assertThat(json.get("serialNumber").asText())
        .matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(json.get("dependencies").get(0).get("dependsOn")).hasSize(12);
  }

  @Test
  void theSbomReadBackFromTheZipIsTheOneWrittenWhileArchiving() throws IOException {
    ObservedBuild build = ObservedBuild.of(root, "layers/mixed", dir.resolve("mixed.zip"), 2);

    ZipSbom scanned = ZipSbom.scan(build.archive().file());

    assertThat(scanned.sha256()).isEqualTo(build.archive().sha256());
    assertThat(new String(scanned.write("mixed", ObservedBuild.TOOL_VERSION),
        StandardCharsets.UTF_8)).isEqualTo(new String(build.sbom("mixed"), StandardCharsets.UTF_8));
  }

  static JsonNode component(JsonNode sbom, String purlOrName) {
    for (JsonNode component : sbom.get("components")) {
      String id = component.hasNonNull("purl")
          ? component.get("purl").asText() : component.get("name").asText();
      if (id.equals(purlOrName)) {
        return component;
      }
    }
    throw new AssertionError("no component " + purlOrName);
  }

  static List<String> licenses(JsonNode component) {
    return StreamSupport.stream(component.path("licenses").spliterator(), false)
        .map(l -> l.has("expression") ? "expression:" + l.get("expression").asText()
            : l.get("license").has("id") ? "id:" + l.get("license").get("id").asText()
            : "name:" + l.get("license").get("name").asText())
        .toList();
  }

  static List<String> locations(JsonNode component) {
    return StreamSupport.stream(
        component.path("evidence").path("occurrences").spliterator(), false)
        .map(o -> o.get("location").asText()).toList();
  }

  static String sha256(JsonNode component) {
    return component.get("hashes").get(0).get("content").asText();
  }

  static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
