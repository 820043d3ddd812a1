package io.layerkit.registry.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.layerkit.registry.RegistryException;
import io.layerkit.registry.Release;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReleaseRegistryTest {
  @TempDir Path dir;

  static Release release(String pkg, int n) {
    return new Release(pkg, pkg + "-2026010100000" + n, pkg + "/" + pkg + "-" + n + ".zip",
        "file:/tmp/x", "ab".repeat(32), "cd".repeat(32), 100 + n, 3, 300, "c0ffee", "dir:/src",
        "layers/" + pkg, null, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n), null);
  }

  /**
   * A disk that takes only part of a write (a file-size limit, a nearly full disk) answers the
   * first write with fewer bytes and only the next one with an error: a single write would
   * rename a cut-off registry over the good one and report success.
   */
  @Test
  void aWriteTheDiskCutsShortFailsAndKeepsTheRegistryAsItWas() throws Exception {
    assumeThat(Path.of("/bin/bash")).as("bash, for ulimit").exists();
    Path file = dir.resolve("releases.json");
    new FileReleaseRegistry(file).record(release("requests", 1));
    String before = Files.readString(file);

    // ulimit -f counts 1024-byte blocks: 8 KiB per file, less than the new registry's size
    Process child = new ProcessBuilder("/bin/bash", "-c", "ulimit -f 8 && exec \"$0\" \"$@\"",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:-UsePerfData", "-Xshare:off", "-cp", System.getProperty("java.class.path"),
        RecordLargeRelease.class.getName(), file.toString())
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(child.exitValue()).as(output).isEqualTo(1);
    assertThat(output).contains("File too large");
    assertThat(Files.readString(file)).isEqualTo(before);
    assertThat(new FileReleaseRegistry(file).history("requests"))
        .containsExactly(release("requests", 1));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("releases.json", "releases.json.lock");
    }
  }

  /** Records a release whose registry file needs more than 8 KiB, in the child JVM. */
  public static final class RecordLargeRelease {
    private RecordLargeRelease() {}

    public static void main(String[] args) {
      Release large = release("requests", 2);
      large = new Release(large.packageName(), large.name(), large.key(), large.location(),
          large.sha256(), large.contentDigest(), large.size(), large.files(),
          large.unzippedSize(), large.commit(), "dir:/" + "s".repeat(12_000),
          large.packagePath(), null, large.created(), null);
      try {
        new FileReleaseRegistry(Path.of(args[0])).record(large);
        System.out.println("recorded");
        System.exit(0);
      } catch (IOException e) {
        System.out.println(e.getMessage());
        System.exit(1);
      }
    }
  }

  @Test
  void keepsHistoryAndTheLatestIsCurrent() throws IOException {
    FileReleaseRegistry registry = new FileReleaseRegistry(dir.resolve("sub/releases.json"));
    assertThat(registry.current("requests")).isEmpty();

    registry.record(release("requests", 1));
    registry.record(release("boto", 1));
    registry.record(release("requests", 2));

    assertThat(registry.current("requests")).contains(release("requests", 2));
    assertThat(registry.history("requests")).containsExactly(release("requests", 1), release("requests", 2));
    assertThat(registry.currentReleases()).extracting(Release::name)
        .containsExactly("boto-20260101000001", "requests-20260101000002");
    assertThat(new FileReleaseRegistry(dir.resolve("sub/releases.json")).current("boto"))
        .contains(release("boto", 1));
    try (var files = Files.list(dir.resolve("sub"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("releases.json", "releases.json.lock");
    }
  }

  @Test
  void concurrentThreadsLoseNoRecord() throws Exception {
    FileReleaseRegistry registry = new FileReleaseRegistry(dir.resolve("releases.json"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int n = i;
      futures.add(pool.submit(() -> {
        registry.record(release("pkg" + (n % 4), n % 10));
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    int total = 0;
    for (int p = 0; p < 4; p++) {
      total += registry.history("pkg" + p).size();
    }
    assertThat(total).isEqualTo(40);
  }

  @Test
  void concurrentProcessesLoseNoRecord() throws Exception {
    Path file = dir.resolve("releases.json");
    List<Process> processes = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      processes.add(new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"),
          RegistryWriterMain.class.getName(), file.toString(), "proc" + p, "15")
          .inheritIO().start());
    }
    for (Process process : processes) {
      assertThat(process.waitFor()).isZero();
    }
    FileReleaseRegistry registry = new FileReleaseRegistry(file);
    for (int p = 0; p < 3; p++) {
      assertThat(registry.history("proc" + p)).hasSize(15);
    }
  }

  @Test
  void aCorruptFileIsAClearErrorAndIsNotOverwritten() throws IOException {
    Path file = Files.writeString(dir.resolve("releases.json"), "{ not json");
    FileReleaseRegistry registry = new FileReleaseRegistry(file);
    assertThatThrownBy(() -> registry.record(release("x", 1)))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("is not valid JSON");
    assertThat(Files.readString(file)).isEqualTo("{ not json");
  }

  @Test
  void writingKeepsTheFilesPermissions() throws IOException {
    Path file = dir.resolve("releases.json");
    FileReleaseRegistry registry = new FileReleaseRegistry(file);
    registry.record(release("x", 1));
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain"))));

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
    registry.record(release("x", 2));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-rw-r--");
  }

  @Test
  void aFileFromANewerLayerkitIsNeitherMisreadNorDowngraded() throws IOException {
    String newer = """
        {"format": 2, "releases": [{"packageName": "x", "name": "x-20270101000000",
          "key": "x/x-20270101000000.zip", "sha256": "%s", "signature": "kept by format 2"}]}
        """.formatted("ab".repeat(32));
    Path file = Files.writeString(dir.resolve("releases.json"), newer);
    FileReleaseRegistry registry = new FileReleaseRegistry(file);

    assertThatThrownBy(() -> registry.record(release("x", 1)))
        .isInstanceOf(RegistryException.class)
        .hasMessage(file + " has format 2, newer than the format 1 this layerkit reads; upgrade"
            + " layerkit to use it");
    assertThatThrownBy(() -> registry.current("x")).isInstanceOf(RegistryException.class);
    assertThat(Files.readString(file)).isEqualTo(newer);
  }

  @Test
  void aFileWithoutFormatIsReadAsTheFirstFormat() throws IOException {
    Path file = Files.writeString(dir.resolve("releases.json"), "{\"releases\": []}");
    FileReleaseRegistry registry = new FileReleaseRegistry(file);
    registry.record(release("x", 1));
    assertThat(registry.current("x")).contains(release("x", 1));
  }

  /** Records releases from another JVM, to prove the file lock works across processes. */
  public static final class RegistryWriterMain {
    public static void main(String[] args) throws IOException {
      FileReleaseRegistry registry = new FileReleaseRegistry(Path.of(args[0]));
      for (int i = 0; i < Integer.parseInt(args[2]); i++) {
        registry.record(release(args[1], i % 10));
      }
    }
  }
}
