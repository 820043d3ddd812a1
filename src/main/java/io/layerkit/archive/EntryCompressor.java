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
 * <p>Which method an entry gets depends on its content only, never on timing:
 * <ul>
 *   <li>Content shorter than the probe size is deflated whole and STORED when deflating did not
 *       make it smaller.
 *   <li>Longer content is first probed: its first probe-size bytes are deflated at the fastest
 *       level. When that does not shrink them below {@value #INCOMPRESSIBLE_PERCENT}% the entry is
 *       STORED without deflating the rest: compressed archives, images and random data cost
 *       deflate time (most of an archiver's time) for nothing. Otherwise it is deflated, and still
 *       STORED if the whole did not get smaller.
 * </ul>
 *
 * <p>One instance serves one worker at a time and reuses its native deflaters and buffers.
 */
final class EntryCompressor {
  /** A probe must deflate below this share of its size for the entry to be deflated. */
  static final int INCOMPRESSIBLE_PERCENT = 97;

  private static final int BUFFER = 64 * 1024;

  private final Deflater deflater;
  private final Deflater probe = new Deflater(Deflater.BEST_SPEED, true);
  private final byte[] head;
  private final byte[] input = new byte[BUFFER];
  private final byte[] output = new byte[BUFFER];
  private final CRC32 crc = new CRC32();
  private final MessageDigest sha256 = Sha256.newDigest();

  /**
   * @param level deflate level of the entries
   * @param probeSize content at least this long is probed before it is deflated
   */
  EntryCompressor(int level, int probeSize) {
    // nowrap: a zip entry holds the raw deflate stream, without zlib's header and checksum
    this.deflater = new Deflater(level, true);
    this.head = new byte[probeSize];
  }

  /**
   * Compresses {@code entry} into a new spill buffer of {@code spills}.
   *
   * @throws ContentMismatchException when the content is not exactly {@code entry.size()} bytes
   */
  CompressedEntry compress(TreeEntry entry, ContentOpener opener, SpillArea spills,
      int spillThreshold, AtomicBoolean aborted) throws IOException {
    deflater.reset();
    crc.reset();
    sha256.reset();
    SpillBuffer spill = new SpillBuffer(spills, spillThreshold, entry.size());
    try (ListedLength in = new ListedLength(opener.open(entry), entry.size(), aborted)) {
      int headLength = readFully(in, head);
      digest(head, headLength);
      Form form;
      String linkTarget = entry.isSymlink() && headLength < head.length
          ? new String(head, 0, headLength, StandardCharsets.UTF_8)
          : null;
      if (headLength < head.length) {
        form = deflateOrStore(spill, headLength);
      } else if (incompressible()) {
        spill.write(head, 0, headLength);
        for (int n = in.read(input); n != -1; n = in.read(input)) {
          digest(input, n);
          spill.write(input, 0, n);
        }
        form = Form.STORED;
      } else {
        deflate(spill, head, headLength);
        for (int n = in.read(input); n != -1; n = in.read(input)) {
          digest(input, n);
          deflate(spill, input, n);
        }
        finishDeflate(spill);
        form = spill.size() < in.actual() ? Form.DEFLATED : Form.STORED_AS_DEFLATED;
      }
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

  /** The whole content is in {@code head}: deflate it, and keep it raw if that is not smaller. */
  private Form deflateOrStore(SpillBuffer spill, int length) throws IOException {
    deflate(spill, head, length);
    finishDeflate(spill);
    if (spill.size() < length) {
      return Form.DEFLATED;
    }
    spill.reset();
    spill.write(head, 0, length);
    return Form.STORED;
  }

  private boolean incompressible() {
    probe.reset();
    probe.setInput(head);
    probe.finish();
    long produced = 0;
    while (!probe.finished()) {
      produced += probe.deflate(output);
    }
    return produced * 100 >= (long) head.length * INCOMPRESSIBLE_PERCENT;
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

  private void finishDeflate(SpillBuffer spill) throws IOException {
    deflater.finish();
    while (!deflater.finished()) {
      spill.write(output, 0, deflater.deflate(output));
    }
  }

  private static int readFully(InputStream in, byte[] buffer) throws IOException {
    int filled = 0;
    while (filled < buffer.length) {
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n == -1) {
        break;
      }
      filled += n;
    }
    return filled;
  }

  void end() {
    deflater.end();
    probe.end();
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

    /** Bytes the source yielded so far, beyond the listed length too. */
    long actual() {
      return delivered + excess;
    }
  }
}
