package io.layerkit.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jars as Maven Central serves them (taken from this build's own class path) in {@code java/lib}:
 * each is listed with the coordinates its repository path gives, when it carries a
 * {@code pom.properties}, and by name and SHA-256 when it does not (picocli's, built with Gradle).
 */
class SbomOfRealJarsTest {
  private static final List<String> ARTIFACTS = List.of("jackson-databind", "commons-compress",
      "kms", "picocli", "failsafe", "snakeyaml");

  @TempDir Path dir;

  /** group, artifact, version from {@code .../<group dirs>/<artifact>/<version>/<file>.jar}. */
  private record RepositoryJar(Path file, String group, String artifact, String version) {}

  @Test
  void eachJarIsListedByItsCoordinatesOrItsNameWithItsSha256() throws IOException {
    Path lib = dir.resolve("repo/layers/java-deps/java/lib");
    Files.createDirectories(lib);
    List<RepositoryJar> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      int n = jar.getNameCount();
      if (n > 4 && jar.toString().endsWith(".jar") && ARTIFACTS.contains(jar.getName(n - 3).toString())) {
        String group = jar.subpath(0, n - 3).toString();
        group = group.substring(group.indexOf("repository") + "repository/".length()).replace('/', '.');
        jars.add(new RepositoryJar(jar, group, jar.getName(n - 3).toString(),
            jar.getName(n - 2).toString()));
        Files.copy(jar, lib.resolve(jar.getFileName()));
      }
    }
    assertThat(jars).as("jars found on the class path").hasSize(ARTIFACTS.size());

    ObservedBuild build = ObservedBuild.of(dir.resolve("repo"), "layers/java-deps",
        dir.resolve("java.zip"), 2);

    assertThat(build.distributions()).hasSize(jars.size());
    for (RepositoryJar jar : jars) {
      String location = "java/lib/" + jar.file().getFileName();
      Distribution found = build.distributions().stream()
          .filter(d -> d.locations().contains(location)).findFirst().orElseThrow();
      assertThat(found.sha256()).isEqualTo(SbomOfFixtureLayerTest.sha256(jar.file()));
      if (hasPomProperties(jar)) {
        assertThat(found.purl()).isEqualTo(
            "pkg:maven/" + jar.group() + "/" + jar.artifact() + "@" + jar.version());
      } else {
        assertThat(found.purl()).isNull();
        assertThat(found.name()).isEqualTo(jar.artifact() + "-" + jar.version());
      }
    }
    assertThat(build.distributions()).filteredOn(d -> d.purl() == null).extracting(Distribution::name)
        .containsExactly("picocli-" + jars.stream().filter(j -> j.artifact().equals("picocli"))
            .findFirst().orElseThrow().version());
    SbomSchema.assertValid(build.sbom("java-deps"));
    System.out.printf("real jars tree: %d components%n", build.distributions().size());
  }

  /** Asked of the JDK's zip reader, not of the code under test. */
  private static boolean hasPomProperties(RepositoryJar jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.file().toFile())) {
      return zip.getEntry("META-INF/maven/" + jar.group() + "/" + jar.artifact()
          + "/pom.properties") != null;
    }
  }
}
