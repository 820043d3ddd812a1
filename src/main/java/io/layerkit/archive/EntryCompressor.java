package io.layerkit.archive;

import io.layerkit.source.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Reads one entry's content once and, in the same pass, checks its size against the listing,
 * computes CRC-32 and SHA-256 and deflates it into a {@link SpillBuffer}. One instance per worker
 * thread at a time: it reuses its native deflater and buffers across entries.
 */
final class EntryCompressor {
  private static final int BUFFER = 64 * 1024;

  private final Deflater deflater;
  private final byte[] input = new byte[BUFFER];
  private final byte[] output = new byte[BUFFER];
  private final CRC32 crc = new CRC32();
  private final MessageDigest sha256;

  EntryCompressor(int level) {
    // nowrap: a zip entry holds the raw deflate stream, without zlib's header and checksum
    this.deflater = new Deflater(level, true);
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /**
   * Compresses {@code entry}. The spill threshold bounds the memory one entry may hold.
   *
   * @throws ContentMismatchException when the content is not exactly {@code entry.size()} bytes
   */
  CompressedEntry compress(TreeEntry entry, ContentOpener opener, SpillArea spills, int threshold,
      AtomicBoolean aborted) throws IOException {
    deflater.reset();
    crc.reset();
    sha256.reset();
    SpillBuffer spill = new SpillBuffer(spills, threshold, entry.size());
    try {
      long total = 0;
      try (InputStream in = opener.open(entry)) {
        for (int n = in.read(input); n != -1; n = in.read(input)) {
          if (aborted.get()) {
            throw new InterruptedIOException("archive aborted");
          }
          // bytes beyond the listed size are only counted, for the error message
          int used = (int) Math.min(n, Math.max(0, entry.size() - total));
          if (used > 0) {
            crc.update(input, 0, used);
            sha256.update(input, 0, used);
            deflater.setInput(input, 0, used);
            while (!deflater.needsInput()) {
              drain(spill);
            }
          }
          total += n;
        }
      }
      if (total != entry.size()) {
        throw new ContentMismatchException(entry.path(), entry.size(), total);
      }
      deflater.finish();
      while (!deflater.finished()) {
        drain(spill);
      }
      spill.finish();
      boolean stored = spill.size() >= entry.size();
      return new CompressedEntry(
          entry, crc.getValue(), HexFormat.of().formatHex(sha256.digest()), stored, spill);
    } catch (IOException | RuntimeException | Error e) {
      try {
        spill.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void drain(SpillBuffer spill) throws IOException {
    int length = deflater.deflate(output, 0, output.length, Deflater.NO_FLUSH);
    spill.write(output, 0, length);
  }

  void end() {
    deflater.end();
  }
}
