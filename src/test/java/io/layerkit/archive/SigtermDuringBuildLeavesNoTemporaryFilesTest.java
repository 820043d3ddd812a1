package io.layerkit.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code layerkit build} process (the CLI's main class in a fresh JVM) stopped by SIGTERM
 * while it writes a large layer leaves neither its temporary zip nor spill files in --out: a
 * shutdown never reaches the archiver's finally blocks, so its shutdown hook removes them.
 */
class SigtermDuringBuildLeavesNoTemporaryFilesTest {
  private static final int FILES = 24;
  private static final int FILE_SIZE = 4 * 1024 * 1024;

  @TempDir Path dir;

  @Test
  void aBuildStoppedMidZipLeavesOnlyWhatWasThereBefore() throws Exception {
    Path layer = dir.resolve("src/layers/big/python");
    Files.createDirectories(layer);
    Random random = new Random(5);
    for (int i = 0; i < FILES; i++) {
      // hex text deflates to about half: every entry spills past the 1 MiB kept in memory
      try (OutputStream out = Files.newOutputStream(layer.resolve("part" + i + ".txt"))) {
        byte[] block = new byte[FILE_SIZE / 2];
        random.nextBytes(block);
        out.write(HexFormat.of().formatHex(block).getBytes(StandardCharsets.US_ASCII));
      }
    }
    Path out = Files.createDirectories(dir.resolve("dist"));
    Files.writeString(out.resolve("big.zip"), "the previous zip");

    Process build = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.layerkit.cli.Main",
        "build", "--source", dir.resolve("src").toString(), "--out", out.toString(), "layers/big")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("build.log").toFile())
        .start();
    boolean midZip = waitForTemporaryZipAndSpillFile(out, build);
    build.destroy(); // SIGTERM, as Ctrl-C or a CI time-out would stop it
    assertThat(build.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(midZip).as("the build was stopped while writing: "
        + Files.readString(dir.resolve("build.log"))).isTrue();
    assertThat(build.exitValue()).isEqualTo(143);
    assertThat(ReproducibleZipArchiverTest.listing(out)).containsExactly("big.zip");
    assertThat(Files.readString(out.resolve("big.zip"))).isEqualTo("the previous zip");
  }

  private static boolean waitForTemporaryZipAndSpillFile(Path out, Process build)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && build.isAlive()) {
      List<String> names = ReproducibleZipArchiverTest.listing(out);
      boolean temporaryZip = names.stream().anyMatch(n -> n.matches("\\.big\\.zip-.*\\.tmp"));
      boolean spill = names.stream().anyMatch(n -> n.startsWith(".layerkit-spill-"));
      if (temporaryZip && spill) {
        return true;
      }
      Thread.sleep(2);
    }
    return false;
  }
}
