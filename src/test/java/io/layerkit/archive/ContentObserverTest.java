package io.layerkit.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentObserverTest {
  private static final ArchiveSettings SETTINGS =
      new ArchiveSettings(ArchiveSettings.DEFAULT_TIMESTAMP, 3, 6);

  @TempDir Path dir;

  /** Small text, empty, incompressible past the probe size, compressible past the spill size. */
  private static MemoryLayer layer() {
    return ReproducibleZipArchiverTest.sampleLayer()
        .file("python/big.txt", "line of text\n".repeat(200_000))
        .file("java/lib/random.jar", ReproducibleZipArchiverTest.randomBytes(700_000, 3), false);
  }

  private Path archive(MemoryLayer layer, ContentObserver observer, String name)
      throws IOException {
    ContentOpener opener = observer == null
        ? layer.opener()
        : ContentObserver.observing(layer.opener(), observer);
    return new ReproducibleZipArchiver(SETTINGS, 64 * 1024, 16 * 1024)
        .archive(layer.tree(), opener, dir.resolve(name), ArchiveProgress.NONE).file();
  }

  @Test
  void theZipIsTheSameByteForByteWhateverTheObserverReads() throws IOException {
    byte[] plain = Files.readAllBytes(archive(layer(), null, "plain.zip"));

    for (int step : new int[] {1, 7, 512, 64 * 1024, 1024 * 1024}) {
      // byte-sized steps through megabytes only cost time: those see the small entries
      long largest = step < 512 ? 20_000 : Long.MAX_VALUE;
      Hashing all = new Hashing(e -> e.size() <= largest, step, Long.MAX_VALUE);
      assertThat(Files.readAllBytes(archive(layer(), all, "all-" + step + ".zip")))
          .as("observer reading %d bytes a step", step).isEqualTo(plain);
    }
    Hashing stopsEarly = new Hashing(e -> true, 100, 1000);
    assertThat(Files.readAllBytes(archive(layer(), stopsEarly, "early.zip"))).isEqualTo(plain);
    Skipping skipping = new Skipping();
    assertThat(Files.readAllBytes(archive(layer(), skipping, "skip.zip"))).isEqualTo(plain);
  }

  @Test
  void anObservationSeesExactlyTheContentOfTheEntriesItWants() throws IOException {
    MemoryLayer layer = layer();
    Hashing observer = new Hashing(e -> e.path().endsWith(".jar") || e.path().endsWith(".py"),
        4096, Long.MAX_VALUE);

    archive(layer, observer, "layer.zip");

    assertThat(observer.seen.keySet())
        .containsExactlyInAnyOrder("java/lib/random.jar", "python/requests/__init__.py");
    observer.seen.forEach((path, sha) -> assertThat(sha).as(path).isEqualTo(sha256(layer.content(path))));
    assertThat(layer.timesOpened()).as("every entry read once").isEqualTo(layer.tree().fileCount());
  }

  @Test
  void anObservationThatStopsEarlySeesOnlyThePrefixItAskedFor() throws IOException {
    MemoryLayer layer = layer();
    Hashing observer = new Hashing(e -> e.path().equals("python/big.txt"), 100, 1000);

    archive(layer, observer, "layer.zip");

    byte[] prefix = Arrays.copyOf(layer.content("python/big.txt"), 1000);
    assertThat(observer.seen).containsEntry("python/big.txt", sha256(prefix));
  }

  /** Reads {@code step} bytes per advance up to {@code limit}, and hashes what it read. */
  private static final class Hashing implements ContentObserver {
    final Map<String, String> seen = new ConcurrentHashMap<>();
    private final Predicate<TreeEntry> wanted;
    private final int step;
    private final long limit;

    Hashing(Predicate<TreeEntry> wanted, int step, long limit) {
      this.wanted = wanted;
      this.step = step;
      this.limit = limit;
    }

    @Override
    public boolean wants(TreeEntry entry) {
      return wanted.test(entry);
    }

    @Override
    public Observation observe(TreeEntry entry, InputStream content) {
      MessageDigest digest = newDigest();
      byte[] buffer = new byte[step];
      long[] total = {0};
      return () -> {
        int n = content.read(buffer, 0, (int) Math.min(step, limit - total[0]));
        if (n > 0) {
          digest.update(buffer, 0, n);
          total[0] += n;
        }
        if (n == -1 || total[0] == limit) {
          seen.put(entry.path(), HexFormat.of().formatHex(digest.digest()));
          return false;
        }
        return true;
      };
    }
  }

  /** Skips through the content and single-byte reads in turns. */
  private static final class Skipping implements ContentObserver {
    @Override
    public boolean wants(TreeEntry entry) {
      return Set.of("python/big.txt", "java/lib/random.jar").contains(entry.path());
    }

    @Override
    public Observation observe(TreeEntry entry, InputStream content) {
      return () -> content.skip(3000) > 0 && content.read() != -1;
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }
}
