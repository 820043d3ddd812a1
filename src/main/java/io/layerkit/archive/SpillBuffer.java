package io.layerkit.archive;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One entry's compressed bytes between its worker and the writer: in memory up to a threshold,
 * then in a temporary file of the {@link SpillArea}, so memory stays bounded for any entry size.
 */
final class SpillBuffer implements AutoCloseable {
  private final SpillArea area;
  private final int threshold;
  private byte[] memory;
  private int count;
  private Path file;
  private OutputStream fileOut;
  private long size;

  SpillBuffer(SpillArea area, int threshold, long expectedSize) {
    this.area = area;
    this.threshold = threshold;
    this.memory = new byte[(int) Math.max(64, Math.min(expectedSize, threshold))];
  }

  void write(byte[] bytes, int offset, int length) throws IOException {
    if (file == null && count + length > threshold) {
      file = area.newFile();
      fileOut = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
      fileOut.write(memory, 0, count);
      memory = null;
    }
    if (file != null) {
      fileOut.write(bytes, offset, length);
    } else {
      if (count + length > memory.length) {
        memory = Arrays.copyOf(memory, Math.min(threshold, Math.max(count + length, memory.length * 2)));
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
      memory = new byte[64];
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
