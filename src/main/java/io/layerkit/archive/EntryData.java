package io.layerkit.archive;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The content of zip entries, one after the other, read from their compressed bytes and never
 * past them: stored bytes as they are, deflated ones inflated. Data that ends before its
 * deflate stream does is reported as cut short, never read on into the next entry. One
 * inflater and one buffer serve every entry; {@link #close} releases the inflater.
 */
final class EntryData implements AutoCloseable {
  private final ZipFileReader reader;
  private final Inflater inflater = new Inflater(true);
  private final byte[] input = new byte[64 * 1024];
  private long compressedLeft;
  private boolean deflated;

  EntryData(ZipFileReader reader) {
    this.reader = reader;
  }

  /** Starts an entry whose compressed bytes begin at the reader's current position. */
  void start(long compressedSize, boolean deflated) {
    this.compressedLeft = compressedSize;
    this.deflated = deflated;
    inflater.reset();
  }

  /** Up to {@code buffer.length} content bytes, or -1 at the end of the entry. */
  int read(byte[] buffer) throws IOException, DataFormatException {
    if (!deflated) {
      return compressedLeft == 0 ? -1 : readCompressed(buffer);
    }
    while (true) {
      int n = inflater.inflate(buffer);
      if (n > 0) {
        return n;
      }
      if (inflater.finished()) {
        return -1;
      }
      if (inflater.needsDictionary()) {
        throw new DataFormatException("its deflate stream asks for a preset dictionary");
      }
      if (compressedLeft == 0) {
        throw new DataFormatException("its deflate stream is cut short");
      }
      inflater.setInput(input, 0, readCompressed(input));
    }
  }

  private int readCompressed(byte[] target) throws IOException {
    int n = reader.read(target, 0, (int) Math.min(target.length, compressedLeft));
    if (n < 0) {
      throw new IOException("the file ends inside an entry's data");
    }
    compressedLeft -= n;
    return n;
  }

  @Override
  public void close() {
    inflater.end();
  }
}
