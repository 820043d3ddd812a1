package io.layerkit.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.digest.Sha256;
import io.layerkit.tree.TreeEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryCompressorTest {
  private static final int PROBE = 1024;

  @TempDir Path dir;
  private SpillArea spills;
  private final EntryCompressor compressor = new EntryCompressor(6, PROBE);

  @BeforeEach
  void openArea() {
    spills = new SpillArea(dir);
  }

  @AfterEach
  void close() {
    compressor.end();
    spills.close();
  }

  /**
   * Content whose first {@code head} bytes deflate well enough to pass the probe, followed by
   * random bytes long enough that the whole does not deflate smaller than it is.
   */
  static byte[] compressibleHeadThenRandom(int head, int tail) {
    Random random = new Random(7);
    byte[] content = new byte[head + tail];
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    for (int i = 0; i < head; i++) {
      content[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
    }
    byte[] rest = new byte[tail];
    random.nextBytes(rest);
    System.arraycopy(rest, 0, content, head, tail);
    assertThat(deflatedLength(content, 0, head, Deflater.BEST_SPEED) * 100)
        .as("the head passes the probe").isLessThan(head * (long) EntryCompressor.INCOMPRESSIBLE_PERCENT);
    assertThat(deflatedLength(content, 0, content.length, 6))
        .as("the whole does not shrink").isGreaterThanOrEqualTo(content.length);
    return content;
  }

  static long deflatedLength(byte[] content, int offset, int length, int level) {
    Deflater deflater = new Deflater(level, true);
    deflater.setInput(content, offset, length);
    deflater.finish();
    byte[] out = new byte[64 * 1024];
    long total = 0;
    while (!deflater.finished()) {
      total += deflater.deflate(out);
    }
    deflater.end();
    return total;
  }

  private CompressedEntry compress(byte[] content) throws IOException {
    TreeEntry entry = TreeEntry.file("f", content.length, false);
    return compressor.compress(entry, e -> new ByteArrayInputStream(content), spills, 1 << 20,
        new AtomicBoolean());
  }

  private static byte[] bytesOf(CompressedEntry compressed) throws IOException {
    try (InputStream in = compressed.data().open()) {
      return in.readAllBytes();
    }
  }

  private static byte[] inflate(byte[] deflated) throws IOException {
    try (InputStream in = new InflaterInputStream(
        new ByteArrayInputStream(java.util.Arrays.copyOf(deflated, deflated.length + 1)),
        new Inflater(true))) {
      return in.readAllBytes();
    }
  }

  private static byte[] text(int length) {
    return "def handler(event, context):\n    return event\n".repeat(length / 40 + 1)
        .substring(0, length).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void deflatesCompressibleContentAndComputesCrcAndSha256() throws IOException {
    byte[] content = text(5000);
    try (CompressedEntry compressed = compress(content)) {
      assertThat(compressed.form()).isEqualTo(EntryCompressor.Form.DEFLATED);
      assertThat(inflate(bytesOf(compressed))).isEqualTo(content);
      CRC32 crc = new CRC32();
      crc.update(content);
      assertThat(compressed.crc()).isEqualTo(crc.getValue());
      assertThat(compressed.sha256()).isEqualTo(HexFormat.of().formatHex(
          Sha256.newDigest().digest(content)));
      assertThat(compressed.compressedSize()).isEqualTo(compressed.data().size());
    }
  }

  @Test
  void deflatesLongCompressibleContentPastTheProbe() throws IOException {
    byte[] content = text(300_000);
    try (CompressedEntry compressed = compress(content)) {
      assertThat(compressed.form()).isEqualTo(EntryCompressor.Form.DEFLATED);
      assertThat(inflate(bytesOf(compressed))).isEqualTo(content);
    }
  }

  @Test
  void storesShortContentThatDeflatingDoesNotShrinkAsItIs() throws IOException {
    byte[] content = ReproducibleZipArchiverTest.randomBytes(500, 1);
    try (CompressedEntry compressed = compress(content)) {
      assertThat(compressed.form()).isEqualTo(EntryCompressor.Form.STORED);
      assertThat(bytesOf(compressed)).isEqualTo(content);
      assertThat(compressed.compressedSize()).isEqualTo(500);
    }
  }

  @Test
  void storesEmptyContent() throws IOException {
    try (CompressedEntry compressed = compress(new byte[0])) {
      assertThat(compressed.form()).isEqualTo(EntryCompressor.Form.STORED);
      assertThat(compressed.data().size()).isZero();
    }
  }

  @Test
  void storesLongContentWhoseProbeDoesNotShrinkWithoutDeflatingIt() throws IOException {
    byte[] content = ReproducibleZipArchiverTest.randomBytes(100_000, 2);
    try (CompressedEntry compressed = compress(content)) {
      assertThat(compressed.form()).isEqualTo(EntryCompressor.Form.STORED);
      assertThat(bytesOf(compressed)).isEqualTo(content);
    }
  }

  @Test
  void keepsTheDeflatedFormOfLongContentThatPassedTheProbeButDidNotShrink() throws IOException {
    byte[] content = compressibleHeadThenRandom(PROBE, 2_000_000);
    try (CompressedEntry compressed = compress(content)) {
      assertThat(compressed.form()).isEqualTo(EntryCompressor.Form.STORED_AS_DEFLATED);
      assertThat(compressed.stored()).isTrue();
      assertThat(compressed.compressedSize()).isEqualTo(content.length);
      assertThat(inflate(bytesOf(compressed))).isEqualTo(content);
    }
  }

  @Test
  void theFormDependsOnTheContentNotOnHowTheSourceSplitsIt() throws IOException {
    byte[] content = text(200_000);
    byte[] whole;
    try (CompressedEntry compressed = compress(content)) {
      whole = bytesOf(compressed);
    }
    TreeEntry entry = TreeEntry.file("f", content.length, false);
    ContentOpener trickle = e -> new InputStream() {
      private int position;

      @Override
      public int read() {
        return position < content.length ? content[position++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (position >= content.length) {
          return -1;
        }
        int n = Math.min(len, 1 + position % 777);
        n = Math.min(n, content.length - position);
        System.arraycopy(content, position, b, off, n);
        position += n;
        return n;
      }
    };
    try (CompressedEntry compressed = compressor.compress(entry, trickle, spills, 1 << 20,
        new AtomicBoolean())) {
      assertThat(bytesOf(compressed)).isEqualTo(whole);
    }
  }

  @Test
  void aContentLengthDifferentFromTheListingFails() {
    TreeEntry entry = TreeEntry.file("python/x.py", 10, false);
    assertThatThrownBy(() -> compressor.compress(entry,
        e -> new ByteArrayInputStream(new byte[7]), spills, 1 << 20, new AtomicBoolean()))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("'python/x.py' has 7 bytes but was listed with 10");
    assertThatThrownBy(() -> compressor.compress(entry,
        e -> new ByteArrayInputStream(new byte[5000]), spills, 1 << 20, new AtomicBoolean()))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("has 5000 bytes but was listed with 10");
    assertThat(spills.liveFiles()).isZero();
  }

  @Test
  void aFailureReleasesTheSpillFileItStarted() throws IOException {
    byte[] content = ReproducibleZipArchiverTest.randomBytes(300_000, 5);
    TreeEntry entry = TreeEntry.file("big.bin", content.length, false);
    assertThatThrownBy(() -> compressor.compress(entry,
        e -> new ReproducibleZipArchiverTest.FailingStream(content, 250_000), spills, 4096,
        new AtomicBoolean()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("connection reset");
    assertThat(spills.liveFiles()).isZero();
    assertThat(ReproducibleZipArchiverTest.listing(dir)).isEmpty();
  }

  @Test
  void stopsReadingOnceTheRunIsAborted() {
    TreeEntry entry = TreeEntry.file("f", 100, false);
    assertThatThrownBy(() -> compressor.compress(entry,
        e -> new ByteArrayInputStream(new byte[100]), spills, 1 << 20, new AtomicBoolean(true)))
        .isInstanceOf(java.io.InterruptedIOException.class);
  }

  @Test
  void oneCompressorServesManyEntriesInARow() throws IOException {
    for (int i = 0; i < 20; i++) {
      byte[] content = i % 2 == 0 ? text(1000 + i * 5000) : ReproducibleZipArchiverTest.randomBytes(3000 * i, i);
      try (CompressedEntry compressed = compress(content)) {
        byte[] data = bytesOf(compressed);
        byte[] back = compressed.form() == EntryCompressor.Form.STORED ? data : inflate(data);
        assertThat(back).as("entry " + i).isEqualTo(content);
      }
    }
  }
}
