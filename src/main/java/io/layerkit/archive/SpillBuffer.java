package io.layerkit.archive;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One entry's compressed bytes between its worker and the writer: in memory up to a threshold,
 * then in a temporary file of the {@link SpillArea}, so memory stays bounded for any entry size.
 * The memory grows with what is written (the first write takes exactly its length), so a small
 * entry holds no more than its bytes.
 */
final class SpillBuffer implements AutoCloseable {
  private static final byte[] EMPTY = new byte[0];

  private final SpillArea area;
  private final int threshold;
  private byte[] memory = EMPTY;
  private int count;
  private Path file;
  private OutputStream fileOut;
  private long size;

  SpillBuffer(SpillArea area, int threshold) {
    this.area = area;
    this.threshold = threshold;
  }

  void write(byte[] bytes, int offset, int length) throws IOException {
    if (file == null && count + length > threshold) {
      file = area.newFile();
      // the file exists already: never create it again, should a shutdown have removed it
      fileOut = new BufferedOutputStream(
          Files.newOutputStream(file, StandardOpenOption.WRITE), 64 * 1024);
      fileOut.write(memory, 0, count);
      memory = null;
    }
    if (file != null) {
      fileOut.write(bytes, offset, length);
    } else {
      if (count + length > memory.length) {
        int grown = count == 0 ? length : Math.max(count + length, memory.length * 2);
        memory = Arrays.copyOf(memory, Math.min(threshold, grown));
      }
      System.arraycopy(bytes, offset, memory, count, length);
      count += length;
    }
    size += length;
  }

  /** Drops everything written so far. */
  void reset() throws IOException {
    if (file != null) {
      fileOut.close();
      fileOut = null;
      area.delete(file);
      file = null;
      memory = EMPTY;
    }
    count = 0;
    size = 0;
  }

  /** Ends writing; the bytes can be read from now on. */
  void finish() throws IOException {
    if (fileOut != null) {
      fileOut.close();
      fileOut = null;
    }
  }

  long size() {
    return size;
  }

  boolean spilled() {
    return file != null;
  }

  InputStream open() throws IOException {
    return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(memory, 0, count);
  }

  @Override
  public void close() throws IOException {
    memory = null;
    if (file != null) {
      try {
        if (fileOut != null) {
          fileOut.close();
        }
      } finally {
        area.delete(file);
      }
    }
  }
}
