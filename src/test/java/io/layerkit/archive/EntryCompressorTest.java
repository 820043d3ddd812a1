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
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
    return compressor.compress(entry, 0, run(e -> new ByteArrayInputStream(content), 1 << 20));
  }

  /** A run whose large entries' chunks all run on the reading thread. */
  private ArchiveRun run(ContentOpener opener, int spillThreshold) {
    return run(opener, spillThreshold, new AtomicBoolean(), EntryCompressor.DEFAULT_CHUNK_SIZE);
  }

  private ArchiveRun run(ContentOpener opener, int spillThreshold, AtomicBoolean aborted,
      int chunkSize) {
    return new ArchiveRun(opener, spills, spillThreshold,
        ChunkWorkers.onTheReadingThread(chunkSize), aborted);
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
    try (CompressedEntry compressed = compressor.compress(entry, 0, run(trickle, 1 << 20))) {
      assertThat(bytesOf(compressed)).isEqualTo(whole);
    }
  }

  @Test
  void aContentLengthDifferentFromTheListingFails() {
    TreeEntry entry = TreeEntry.file("python/x.py", 10, false);
    assertThatThrownBy(() -> compressor.compress(entry, 0,
        run(e -> new ByteArrayInputStream(new byte[7]), 1 << 20)))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("'python/x.py' has 7 bytes but was listed with 10");
    assertThatThrownBy(() -> compressor.compress(entry, 0,
        run(e -> new ByteArrayInputStream(new byte[5000]), 1 << 20)))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("has 5000 bytes but was listed with 10");
    assertThat(spills.liveFiles()).isZero();
  }

  @Test
  void aFailureReleasesTheSpillFileItStarted() throws IOException {
    byte[] content = ReproducibleZipArchiverTest.randomBytes(300_000, 5);
    TreeEntry entry = TreeEntry.file("big.bin", content.length, false);
    assertThatThrownBy(() -> compressor.compress(entry, 0,
        run(e -> new ReproducibleZipArchiverTest.FailingStream(content, 250_000), 4096)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("connection reset");
    assertThat(spills.liveFiles()).isZero();
    assertThat(ReproducibleZipArchiverTest.listing(dir)).isEmpty();
  }

  @Test
  void stopsReadingOnceTheRunIsAborted() {
    TreeEntry entry = TreeEntry.file("f", 100, false);
    assertThatThrownBy(() -> compressor.compress(entry, 0,
        run(e -> new ByteArrayInputStream(new byte[100]), 1 << 20, new AtomicBoolean(true),
            EntryCompressor.DEFAULT_CHUNK_SIZE)))
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

  @Test
  void deflatesContentLongerThanAChunkInChunksThatInflateAsOneStream() throws IOException {
    byte[] content = text(10 * 4096 + 123);
    TreeEntry entry = TreeEntry.file("f", content.length, false);
    try (CompressedEntry compressed = compressor.compress(entry, 0,
        run(e -> new ByteArrayInputStream(content), 1 << 20, new AtomicBoolean(), 4096))) {
      assertThat(compressed.form()).isEqualTo(EntryCompressor.Form.DEFLATED);
      assertThat(inflate(bytesOf(compressed))).isEqualTo(content);
      CRC32 crc = new CRC32();
      crc.update(content);
      assertThat(compressed.crc()).isEqualTo(crc.getValue());
      assertThat(compressed.sha256()).isEqualTo(HexFormat.of().formatHex(
          Sha256.newDigest().digest(content)));
    }
  }

  @Test
  void chunkBoundariesFollowTheContentNotTheReadsNorWhichThreadDeflates() throws Exception {
    byte[] content = text(8 * 4096); // an exact multiple: the last chunk is known by the listing
    TreeEntry entry = TreeEntry.file("f", content.length, false);
    byte[] inline;
    try (CompressedEntry compressed = compressor.compress(entry, 0,
        run(e -> new ByteArrayInputStream(content), 1 << 20, new AtomicBoolean(), 4096))) {
      inline = bytesOf(compressed);
    }
    assertThat(inflate(inline)).isEqualTo(content);
    for (int threads : new int[] {1, 2, 4}) {
      ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
          new PriorityBlockingQueue<>());
      try (CompressorPool compressors = new CompressorPool(() -> new EntryCompressor(6, PROBE))) {
        ArchiveRun pooled = new ArchiveRun(e -> new Trickle(content), spills, 1 << 20,
            new ChunkWorkers(pool, compressors, 4096, threads + 1), new AtomicBoolean());
        try (CompressedEntry compressed = compressor.compress(entry, 0, pooled)) {
          assertThat(bytesOf(compressed)).as(threads + " threads").isEqualTo(inline);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aChunkedEntryShorterOrLongerThanListedFailsAndGivesEveryBufferBack() {
    byte[] content = text(6 * 4096);
    ChunkWorkers workers = ChunkWorkers.onTheReadingThread(4096);
    TreeEntry listedLonger = TreeEntry.file("python/big.txt", content.length + 5000, false);
    TreeEntry listedShorter = TreeEntry.file("python/big.txt", content.length - 5000, false);

    assertThatThrownBy(() -> compressor.compress(listedLonger, 0, new ArchiveRun(
        e -> new ByteArrayInputStream(content), spills, 1024, workers, new AtomicBoolean())))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("has " + content.length + " bytes but was listed with "
            + (content.length + 5000));
    assertThatThrownBy(() -> compressor.compress(listedShorter, 0, new ArchiveRun(
        e -> new ByteArrayInputStream(content), spills, 1024, workers, new AtomicBoolean())))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("has " + content.length + " bytes but was listed with "
            + (content.length - 5000));
    assertThat(spills.liveFiles()).isZero();
    assertThat(workers.tryTake()).isNotNull();
    assertThat(workers.tryTake()).as("both buffers are back").isNotNull();
  }

  @Test
  void aReadFailingInTheMiddleOfAChunkedEntryLeavesNoSpillFileAndNoBufferTaken() {
    byte[] content = text(20 * 4096);
    ChunkWorkers workers = ChunkWorkers.onTheReadingThread(4096);
    TreeEntry entry = TreeEntry.file("big.txt", content.length, false);

    assertThatThrownBy(() -> compressor.compress(entry, 0, new ArchiveRun(
        e -> new ReproducibleZipArchiverTest.FailingStream(content, 15 * 4096), spills, 1024,
        workers, new AtomicBoolean())))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("connection reset");
    assertThat(spills.liveFiles()).isZero();
    assertThat(workers.tryTake()).isNotNull();
    assertThat(workers.tryTake()).isNotNull();
  }

  @Test
  void storesAChunkSizedEntryWhoseProbeDoesNotShrinkWithoutChunkingIt() throws IOException {
    byte[] content = ReproducibleZipArchiverTest.randomBytes(5 * 4096, 9);
    TreeEntry entry = TreeEntry.file("f", content.length, false);
    try (CompressedEntry compressed = compressor.compress(entry, 0,
        run(e -> new ByteArrayInputStream(content), 1 << 20, new AtomicBoolean(), 4096))) {
      assertThat(compressed.form()).isEqualTo(EntryCompressor.Form.STORED);
      assertThat(bytesOf(compressed)).isEqualTo(content);
    }
  }

  @Test
  void aCompressorEndsOnceAndOneGivenBackAfterThePoolClosedIsEndedThen() {
    EntryCompressor busy = new EntryCompressor(6, PROBE);
    EntryCompressor idle = new EntryCompressor(6, PROBE);
    CompressorPool pool = new CompressorPool(() -> new EntryCompressor(6, PROBE));
    pool.give(idle);

    pool.close();
    assertThat(idle.ended()).isTrue();
    assertThat(busy.ended()).isFalse();
    // a worker that was still reading when the run closed brings its compressor back late
    pool.give(busy);
    assertThat(busy.ended()).isTrue();
    busy.end();
  }

  /** Hands out content a few hundred bytes at a time, as a network stream does. */
  private static final class Trickle extends InputStream {
    private final byte[] content;
    private int position;

    Trickle(byte[] content) {
      this.content = content;
    }

    @Override
    public int read() {
      return position < content.length ? content[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= content.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, 1 + position % 777), content.length - position);
      System.arraycopy(content, position, b, off, n);
      position += n;
      return n;
    }
  }
}
