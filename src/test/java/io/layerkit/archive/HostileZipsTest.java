package io.layerkit.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zips made to exhaust whoever reads them are refused or read within bounds set by the zip's
 * own size: entries sharing one stream (a "zip bomb" by overlap) are refused before anything is
 * inflated, and a zip of 100,000 entries is inspected in a heap a few times its size.
 */
class HostileZipsTest {
  /** Heap for the jars of the test classpath that the child JVM opens, beyond the zip's. */
  private static final long CLASSPATH_ALLOWANCE_MB = 4;

  private static final long MB = 1024 * 1024;
  private final ArchiveInspector inspector = new ArchiveInspector(LayerLimits.lambdaDefaults());

  @TempDir Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against hanging, not a speed test
  void entriesSharingOneStreamAreRefusedBeforeAnyIsInflated() throws IOException {
    Path zip = dir.resolve("overlap.zip");
    try (CraftedZip crafted = CraftedZip.create(zip)) {
      CraftedZip.Central zeros = crafted.deflatedZeros("python/zeros-0.bin", 100 * MB);
      for (int i = 1; i < 1000; i++) {
        crafted.alias("python/zeros-" + i + ".bin", zeros);
      }
    }
    assertThat(Files.size(zip)).isLessThan(MB);

    assertThatThrownBy(() -> inspector.inspect(zip))
        .isInstanceOf(IOException.class)
        .hasMessage("'" + zip + "' is not a readable zip file: entries 'python/zeros-0.bin' and"
            + " 'python/zeros-1.bin' overlap in the file (overlapping entries: one stream read"
            + " as many, a zip bomb); refused")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> ContentDigest.ofZip(zip)).hasMessageContaining("overlapping entries");
  }

  @Test
  void aLocalHeaderInsideAnotherEntrysDataIsAnOverlapToo() throws IOException {
    Path zip = dir.resolve("inside.zip");
    try (CraftedZip crafted = CraftedZip.create(zip)) {
      CraftedZip.Central outer = crafted.stored("python/outer.bin", new byte[1000]);
      crafted.alias("python/inner.bin", new CraftedZip.Central(
          "python/outer.bin".getBytes(StandardCharsets.UTF_8), 0, outer.crc(), 10, 10,
          outer.localOffset() + 100));
    }

    assertThatThrownBy(() -> inspector.inspect(zip)).hasMessageContaining("overlapping entries");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against hanging, not a speed test
  void namesNestedToExhaustAReaderAreRefused() throws IOException {
    // 500 names of 1,000 levels each, all distinct from the first level: the folders they imply
    // would spell out half a billion characters from a zip of 2 MB
    Path zip = dir.resolve("deep.zip");
    String levels = "a/".repeat(1000);
    try (CraftedZip crafted = CraftedZip.create(zip)) {
      for (int i = 0; i < 500; i++) {
        crafted.stored("python/" + i + "/" + levels + "x.py", new byte[0]);
      }
    }

    assertThatThrownBy(() -> inspector.inspect(zip))
        .hasMessageEndingWith("its names imply more nested folders than a zip of its size can"
            + " mean to hold (names built to exhaust readers); refused");
  }

  @Test
  void aHundredThousandEntriesAreInspectedInASmallHeap() throws Exception {
    Path zip = dir.resolve("many.zip");
    try (CraftedZip crafted = CraftedZip.create(zip)) {
      byte[] data = "x = 1\n".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 100_000; i++) {
        crafted.stored(String.format("python/pkg%03d/module_%06d.py", i / 1000, i), data);
      }
    }
    long zipSize = Files.size(zip);
    assertThat(zipSize).isBetween(10 * MB, 16 * MB);

    // the heap: four times the zip, where reading every entry into objects took 2 GB, plus a
    // fixed allowance for the test classpath: a class lookup that misses opens every jar on it,
    // and each open jar keeps its central directory on the heap (about 1 MiB for an AWS SDK
    // service module), which the shaded jar, one central directory, does not pay
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + (4 * zipSize / MB + CLASSPATH_ALLOWANCE_MB) + "m",
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "inspect", "--json", zip.toString())
        .redirectOutput(dir.resolve("out.json").toFile())
        .redirectError(dir.resolve("err.txt").toFile()).start();
    assertThat(child.waitFor(300, TimeUnit.SECONDS)).isTrue();

    String err = Files.readString(dir.resolve("err.txt"));
    assertThat(child.exitValue()).as(err).isZero();
    JsonNode report = new ObjectMapper().readTree(dir.resolve("out.json").toFile());
    assertThat(report.path("entries")).hasSize(100_000);
    assertThat(report.path("files").asInt()).isEqualTo(100_000);
    assertThat(report.path("errors")).isEmpty();
    assertThat(List.of(report.path("entries").get(99_999).path("name").asText()))
        .containsExactly("python/pkg099/module_099999.py");
  }
}
