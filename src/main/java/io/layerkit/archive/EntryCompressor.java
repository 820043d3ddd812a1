package io.layerkit.archive;

import io.layerkit.digest.Sha256;
import io.layerkit.tree.TreeEntry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Reads one entry's content once and, in the same pass, checks its length against the listing,
 * computes CRC-32 and SHA-256, and fills a {@link SpillBuffer} with what the zip will hold.
 *
 * <p>Which bytes an entry gets depends on its content only, never on timing or threads:
 * <ul>
 *   <li>Content shorter than the probe size is deflated whole and STORED when deflating did not
 *       make it smaller.
 *   <li>Longer content is first probed: its first probe-size bytes are deflated at the fastest
 *       level. When that does not shrink them below {@value #INCOMPRESSIBLE_PERCENT}% the entry is
 *       STORED without deflating the rest: compressed archives, images and random data cost
 *       deflate time (most of an archiver's time) for nothing. Otherwise it is deflated, and still
 *       STORED if the whole did not get smaller.
 *   <li>Content longer than one chunk (1 MiB) is deflated in chunks of that size, each on its own
 *       and in parallel ({@link ChunkJob}): one large library no longer keeps one core busy while
 *       the others wait. The joined chunks are one deflate stream.
 * </ul>
 *
 * <p>One instance serves one thread at a time and reuses its native deflaters and buffers.
 */
final class EntryCompressor {
  /** A probe must deflate below this share of its size for the entry to be deflated. */
  static final int INCOMPRESSIBLE_PERCENT = 97;

  /** Content longer than this is deflated in chunks of this size. */
  static final int DEFAULT_CHUNK_SIZE = 1024 * 1024;

  private static final int BUFFER = 64 * 1024;

  private final Deflater deflater;
  private final Deflater probe = new Deflater(Deflater.BEST_SPEED, true);
  private final int probeSize;
  private final byte[] head;
  private final byte[] input = new byte[BUFFER];
  private final byte[] output;
  private byte[] chunkOutput;
  private final CRC32 crc = new CRC32();
  private final MessageDigest sha256 = Sha256.newDigest();
  private boolean ended;

  /**
   * @param level deflate level of the entries
   * @param probeSize content at least this long is probed before it is deflated
   */
  EntryCompressor(int level, int probeSize) {
    // nowrap: a zip entry holds the raw deflate stream, without zlib's header and checksum
    this.deflater = new Deflater(level, true);
    this.probeSize = probeSize;
    this.head = new byte[probeSize];
    // what deflating the head can give in one go: zlib's worst case is a little over its input
    this.output = new byte[Math.max(BUFFER, probeSize + probeSize / 8 + 1024)];
  }

  /**
   * Compresses {@code entry} into a new spill buffer of the run's spill area.
   *
   * @param order the entry's place in the zip: earlier entries' chunks go first
   * @throws ContentMismatchException when the content is not exactly {@code entry.size()} bytes
   */
  CompressedEntry compress(TreeEntry entry, long order, ArchiveRun run) throws IOException {
    crc.reset();
    sha256.reset();
    SpillBuffer spill = new SpillBuffer(run.spills(), run.spillThreshold());
    try (ListedLength in = new ListedLength(run.opener().open(entry), entry.size(),
        run.aborted())) {
      Form form;
      String linkTarget = null;
      if (entry.size() > run.chunks().chunkSize()) {
        form = compressInChunks(in, spill, order, run);
      } else {
        int headLength = readFully(in, head, head.length);
        digest(head, headLength);
        if (entry.isSymlink() && headLength < head.length) {
          linkTarget = new String(head, 0, headLength, StandardCharsets.UTF_8);
        }
        if (headLength < head.length) {
          form = deflateOrStore(spill, headLength);
        } else if (incompressible(head)) {
          spill.write(head, 0, headLength);
          form = copyRest(in, spill);
        } else {
          form = deflateStreaming(in, spill, headLength);
        }
      }
      drainExcess(in);
      if (in.actual() != entry.size()) {
        throw new ContentMismatchException(entry.path(), entry.size(), in.actual());
      }
      spill.finish();
      return new CompressedEntry(
          entry, crc.getValue(), Sha256.hex(sha256), form, spill, linkTarget);
    } catch (IOException | RuntimeException | Error e) {
      try {
        spill.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Deflates a chunk of a large entry; for the thread that claimed it. */
  void runChunk(ChunkJob job) {
    if (chunkOutput == null) {
      int size = job.input().length;
      chunkOutput = new byte[size + size / 8 + 1024];
    }
    job.run(deflater, chunkOutput);
  }

  /** The whole content is in {@code head}: deflate it, and keep it raw if that is not smaller. */
  private Form deflateOrStore(SpillBuffer spill, int length) throws IOException {
    deflater.reset();
    deflater.setInput(head, 0, length);
    deflater.finish();
    int deflated = 0;
    while (!deflater.finished() && deflated < length) {
      deflated += deflater.deflate(output, deflated, output.length - deflated);
    }
    if (deflater.finished() && deflated < length) {
      spill.write(output, 0, deflated);
      return Form.DEFLATED;
    }
    spill.write(head, 0, length);
    return Form.STORED;
  }

  private Form deflateStreaming(ListedLength in, SpillBuffer spill, int headLength)
      throws IOException {
    deflater.reset();
    deflate(spill, head, headLength);
    for (int n = in.read(input); n != -1; n = in.read(input)) {
      digest(input, n);
      deflate(spill, input, n);
    }
    deflater.finish();
    while (!deflater.finished()) {
      spill.write(output, 0, deflater.deflate(output));
    }
    return spill.size() < in.actual() ? Form.DEFLATED : Form.STORED_AS_DEFLATED;
  }

  private Form copyRest(ListedLength in, SpillBuffer spill) throws IOException {
    for (int n = in.read(input); n != -1; n = in.read(input)) {
      digest(input, n);
      spill.write(input, 0, n);
    }
    return Form.STORED;
  }

  /** Probes the first chunk, then hands each chunk to the run's pool as it is read. */
  private Form compressInChunks(ListedLength in, SpillBuffer spill, long order, ArchiveRun run)
      throws IOException {
    ChunkWorkers workers = run.chunks();
    ChunkedDeflate chunks = new ChunkedDeflate(workers, order, spill, this, run.aborted());
    byte[] reading = null; // a buffer being filled: not a chunk yet, so the pool does not know it
    try {
      reading = chunks.buffer();
      int length = readFully(in, reading, workers.chunkSize());
      digest(reading, length);
      if (length >= head.length && incompressible(reading)) {
        spill.write(reading, 0, length);
        chunks.release(reading);
        reading = null;
        return copyRest(in, spill);
      }
      while (true) {
        boolean last = length < workers.chunkSize() || in.atListedEnd();
        byte[] chunk = reading;
        reading = null; // from here on the chunk's, also should submitting fail
        chunks.submit(chunk, length, last);
        if (last) {
          break;
        }
        reading = chunks.buffer();
        length = readFully(in, reading, workers.chunkSize());
        digest(reading, length);
      }
      chunks.finish();
      return spill.size() < in.actual() ? Form.DEFLATED : Form.STORED_AS_DEFLATED;
    } catch (IOException | RuntimeException | Error e) {
      if (reading != null) {
        chunks.release(reading);
      }
      chunks.abandon();
      throw e;
    }
  }

  /** Whether the first probe-size bytes of {@code content} deflate too little to bother. */
  private boolean incompressible(byte[] content) {
    probe.reset();
    probe.setInput(content, 0, probeSize);
    probe.finish();
    long produced = 0;
    while (!probe.finished()) {
      produced += probe.deflate(output);
    }
    return produced * 100 >= (long) probeSize * INCOMPRESSIBLE_PERCENT;
  }

  private void digest(byte[] bytes, int length) {
    crc.update(bytes, 0, length);
    sha256.update(bytes, 0, length);
  }

  private void deflate(SpillBuffer spill, byte[] bytes, int length) throws IOException {
    deflater.setInput(bytes, 0, length);
    while (!deflater.needsInput()) {
      spill.write(output, 0, deflater.deflate(output, 0, output.length, Deflater.NO_FLUSH));
    }
  }

  private static int readFully(InputStream in, byte[] buffer, int length) throws IOException {
    int filled = 0;
    while (filled < length) {
      int n = in.read(buffer, filled, length - filled);
      if (n == -1) {
        break;
      }
      filled += n;
    }
    return filled;
  }

  /** Reads once more past the listed length, so what the source yields beyond it is counted. */
  private void drainExcess(ListedLength in) throws IOException {
    if (in.atListedEnd()) {
      in.read(input);
    }
  }

  /** Ends the native deflaters; once. */
  void end() {
    if (!ended) {
      ended = true;
      deflater.end();
      probe.end();
    }
  }

  boolean ended() {
    return ended;
  }

  /** How the spill holds an entry, and so how the writer puts it in the zip. */
  enum Form {
    /** Deflated bytes, written as a DEFLATED entry. */
    DEFLATED,
    /** The content itself, written as a STORED entry. */
    STORED,
    /**
     * Deflated bytes of content that deflating did not shrink: written STORED, inflated back on
     * the way, so the source is never read twice (for such content inflating is a copy).
     */
    STORED_AS_DEFLATED
  }

  /**
   * The first {@code listed} bytes of an entry's content. Whatever the source yields beyond them
   * is only counted, for the error message; a read after an abort fails.
   */
  private static final class ListedLength extends FilterInputStream {
    private final long listed;
    private final AtomicBoolean aborted;
    private long delivered;
    private long excess;

    ListedLength(InputStream in, long listed, AtomicBoolean aborted) {
      super(in);
      this.listed = listed;
      this.aborted = aborted;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (aborted.get()) {
        throw new InterruptedIOException("archive aborted");
      }
      if (delivered == listed) {
        int n;
        while ((n = in.read(buffer, offset, length)) != -1) {
          excess += n;
        }
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, listed - delivered));
      if (n > 0) {
        delivered += n;
      }
      return n;
    }

    /** Whether all the listed bytes were delivered. */
    boolean atListedEnd() {
      return delivered == listed;
    }

    /** Bytes the source yielded so far, beyond the listed length too. */
    long actual() {
      return delivered + excess;
    }
  }
}
