package io.layerkit.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer much larger than the heap archives fine: a child JVM with a 32 MB heap writes a
 * 130 MB layer whose contents are generated while they are read, so nothing but the archiver's
 * own buffers could hold them.
 */
class LargeLayerInSmallHeapTest {
  private static final long MB = 1024 * 1024;

  @TempDir Path dir;

  @Test
  void aLayerFourTimesTheHeapArchivesInA32MegabyteHeap() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx32m", "-cp",
        System.getProperty("java.class.path"), Child.class.getName(),
        dir.resolve("big.zip").toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("files=3, unzippedSize=" + (130 * MB));
    assertThat(Files.size(dir.resolve("big.zip"))).isGreaterThan(120 * MB);
    assertThat(ReproducibleZipArchiverTest.listing(dir)).containsExactly("big.zip");
  }

  /** Runs in the child JVM. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws IOException {
      PackageTree tree = PackageTree.of("big", List.of(
          TreeEntry.file("python/a.bin", 70 * MB, false),
          TreeEntry.file("python/b.bin", 50 * MB, false),
          TreeEntry.file("python/c.txt", 10 * MB, false)));
      ArchiveResult result = new ReproducibleZipArchiver(ArchiveSettings.defaults()).archive(tree,
          entry -> new Generated(entry.size(), entry.path().endsWith(".txt")),
          Path.of(args[0]), ArchiveProgress.NONE);
      System.out.println(result);
    }
  }

  /**
   * Content made up while it is read, from a small block repeated: random bytes (incompressible
   * within deflate's 32 KiB window), or letters that deflate.
   */
  private static final class Generated extends InputStream {
    private final byte[] block = new byte[1024 * 1024];
    private long remaining;
    private int position;

    Generated(long size, boolean text) {
      Random random = new Random(1);
      random.nextBytes(block);
      if (text) {
        for (int i = 0; i < block.length; i++) {
          block[i] = (byte) ('a' + (block[i] & 7));
        }
      }
      this.remaining = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(Math.min(length, remaining), block.length - position);
      System.arraycopy(block, position, buffer, offset, n);
      position = (position + n) % block.length;
      remaining -= n;
      return n;
    }
  }
}
