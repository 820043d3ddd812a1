package io.layerkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code ./layerkit} launcher on a fresh copy of the repository (sources, pom, examples; no
 * target/), run as a user would: two first runs at once, and a run under {@code LANG=C}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LayerkitScriptTest {
  @TempDir static Path dir;
  private static Path clone;

  private record Run(int exitCode, String stdout, String stderr) {}

  @BeforeAll
  static void copyTheRepository() throws IOException {
    assumeInstalled("mvn");
    clone = Files.createDirectory(dir.resolve("clone"));
    Path repository = Path.of("").toAbsolutePath();
    for (String part : List.of("pom.xml", "layerkit", "examples", "src/main")) {
      copy(repository.resolve(part), clone.resolve(part));
    }
  }

  @Test
  @Order(1)
  void twoFirstRunsAtOnceBuildOnceAndBothRun() throws Exception {
    Process first = start(clone, Map.of(), "--version");
    Process second = start(clone, Map.of(), "--version");
    Run one = finish(first);
    Run two = finish(second);

    assertThat(one.exitCode()).as(one.stderr()).isZero();
    assertThat(two.exitCode()).as(two.stderr()).isZero();
    assertThat(one.stdout() + two.stdout()).contains("layerkit ");
    assertThat((one.stderr() + two.stderr()).split("building target/layerkit.jar", -1))
        .as("one build for both runs").hasSize(2);
    assertThat(clone.resolve("target/layerkit.jar")).isRegularFile();
    assertThat(clone.resolve("target/layerkit.jsa")).isRegularFile();
  }

  /**
   * Locales whose file names Java would read as ASCII: C, a UTF-8 locale that is not installed
   * (the JVM then falls back to C), and a Latin-1 one; and LC_ALL=C over a UTF-8 LANG.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"LANG=C", "LANG=xx_XX.UTF-8", "LANG=de_DE.ISO-8859-1",
      "LC_ALL=C LANG=C.UTF-8"})
  @Order(2)
  void underANonUtf8LocaleANonAsciiFileNameIsReadAndStoredAsUtf8(String locale)
      throws Exception {
    Path source = dir.resolve("source");
    Files.createDirectories(source.resolve("layers/u/python"));
    Files.writeString(source.resolve("layers/u/python/café.py"), "x = 1\n");
    Path out = Files.createTempDirectory(dir, "out");
    Map<String, String> env = new HashMap<>();
    for (String assignment : locale.split(" ")) {
      String[] nameAndValue = assignment.split("=", 2);
      env.put(nameAndValue[0], nameAndValue[1]);
    }

    Run build = finish(start(clone, env, "build", "--json", "--source",
        source.toString(), "--out", out.toString(), "layers/u"));

    assertThat(build.exitCode()).as(build.stderr()).isZero();
    assertThat(build.stdout().strip()).startsWith("{").endsWith("}");
    try (ZipFile zip = new ZipFile(out.resolve("u.zip").toFile(), StandardCharsets.UTF_8)) {
      assertThat(Collections.list(zip.entries())).extracting(ZipEntry::getName)
          .contains("python/café.py");
    }
  }

  private static Process start(Path clone, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(clone.resolve("layerkit").toString()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(clone.toFile());
    builder.environment().remove("LC_ALL");
    builder.environment().remove("LC_CTYPE");
    builder.environment().putAll(env);
    return builder.start();
  }

  private static Run finish(Process process) throws Exception {
    // both streams are read at once, so neither can fill its pipe and stall the process
    var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process, true));
    String stdout = read(process, false);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), stdout, stderr.get());
  }

  private static String read(Process process, boolean errors) {
    try {
      return new String((errors ? process.getErrorStream() : process.getInputStream())
          .readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        Files.createDirectories(target.getParent());
        if (!Files.isDirectory(path)) {
          Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void assumeInstalled(String tool) {
    boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(folder -> Files.isExecutable(Path.of(folder, tool)));
    assumeTrue(found, tool + " is not installed; skipping the launcher's tests");
  }
}
