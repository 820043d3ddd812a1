package io.layerkit.source.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names reach the zip as the UTF-8 the disk holds, or the run stops saying why: a JVM whose
 * file-name encoding is not UTF-8 ({@code LANG=C}, {@code env -i}) would read {@code café.py} as
 * {@code caf??.py}, and a name that is not UTF-8 cannot be put in a layer faithfully. Each case
 * runs {@code layerkit build} in a JVM of its own, started with the environment under test.
 */
class LocalSourceFileNameEncodingTest {
  @TempDir Path dir;
  Path src;

  @BeforeEach
  void tree() throws IOException {
    src = dir.resolve("src");
    Files.createDirectories(src.resolve("layers/good/python"));
    Files.writeString(src.resolve("layers/good/python/café.py"), "x = 1\n");
    Files.createDirectories(src.resolve("layers/bad/python"));
    Files.writeString(src.resolve("layers/bad/python/café.py"), "x = 1\n");
  }

  /** A name the Latin-1 way (0xE9 alone), which Java cannot write under UTF-8 itself. */
  private void latin1Name() throws Exception {
    Process python = new ProcessBuilder("python3", "-c",
        "import os, sys; os.close(os.open(os.fsencode(sys.argv[1]) + b'/r\\xe9sum\\xe9.py',"
            + " os.O_CREAT | os.O_WRONLY))", src.resolve("layers/bad/python").toString())
        .redirectErrorStream(true).start();
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor()).as(output).isZero();
  }

  private record Run(int exitCode, String stderr) {}

  private Run build(Map<String, String> environment, String packagePath) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "build", "--source", src.toString(), "--out", dir.resolve("out").toString(),
        packagePath));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process child = builder.start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(child.exitValue(), Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
  }

  @Test
  void withoutAUtf8LocaleTheLocalSourceStopsAtOnceSayingWhatToSet() throws Exception {
    for (Map<String, String> environment : List.of(Map.<String, String>of(),
        Map.of("LANG", "C"), Map.of("LC_ALL", "POSIX", "LANG", "en_US.UTF-8"))) {
      Run run = build(environment, "layers/good");

      assertThat(run.exitCode()).as(environment + ": " + run.stderr()).isEqualTo(2);
      assertThat(run.stderr().strip().lines()).as(environment.toString()).singleElement()
          .asString().contains("not UTF-8").contains("LANG=C.UTF-8")
          .doesNotContain("caf?").doesNotContain("disappeared");
      assertThat(dir.resolve("out/good.zip")).doesNotExist();
    }
  }

  @Test
  void withAUtf8LocaleUnicodeNamesAreKeptAsTheyAre() throws Exception {
    Run run = build(Map.of("LC_ALL", "C.UTF-8"), "layers/good");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    try (ZipFile zip = new ZipFile(dir.resolve("out/good.zip").toFile(), StandardCharsets.UTF_8)) {
      assertThat(Collections.list(zip.entries())).extracting(ZipEntry::getName)
          .containsExactly("python/", "python/café.py");
    }
  }

  @Test
  void aNameThatIsNotUtf8IsRefusedByNameNotAsDisappeared() throws Exception {
    latin1Name();

    Run run = build(Map.of("LC_ALL", "C.UTF-8"), "layers/bad");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    assertThat(run.stderr()).contains("python/r?sum?.py").contains("is not valid UTF-8")
        .doesNotContain("disappeared");
    assertThat(dir.resolve("out/bad.zip")).doesNotExist();
  }
}
