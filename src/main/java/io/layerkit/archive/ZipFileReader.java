package io.layerkit.archive;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Reads a zip file through one small buffer, at any position: the little-endian fields of its
 * records and the bytes of its entries. Moving forward within the buffer costs nothing, so
 * reading records and entries in file order touches each byte once.
 */
final class ZipFileReader {
  private final FileChannel channel;
  private final long size;
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
  /** File position of {@code buffer}'s first byte. */
  private long bufferStart;

  ZipFileReader(FileChannel channel) throws IOException {
    this.channel = channel;
    this.size = channel.size();
    buffer.limit(0);
  }

  long size() {
    return size;
  }

  long position() {
    return bufferStart + buffer.position();
  }

  void seek(long position) throws IOException {
    if (position < 0 || position > size) {
      throw new EOFException("position " + position + " lies outside the file's " + size
          + " bytes");
    }
    if (position >= bufferStart && position <= bufferStart + buffer.limit()) {
      buffer.position((int) (position - bufferStart));
    } else {
      bufferStart = position;
      buffer.limit(0);
    }
  }

  int u16() throws IOException {
    require(2);
    return Short.toUnsignedInt(buffer.getShort());
  }

  long u32() throws IOException {
    require(4);
    return Integer.toUnsignedLong(buffer.getInt());
  }

  long u64() throws IOException {
    require(8);
    long value = buffer.getLong();
    if (value < 0) {
      throw new IOException("a 64-bit size or offset beyond what any file holds");
    }
    return value;
  }

  byte[] bytes(int length) throws IOException {
    byte[] bytes = new byte[length];
    int done = 0;
    while (done < length) {
      int n = read(bytes, done, length - done);
      if (n < 0) {
        throw new EOFException("the file ends inside a record");
      }
      done += n;
    }
    return bytes;
  }

  /** Up to {@code length} bytes from the current position, or -1 at the end of the file. */
  int read(byte[] target, int offset, int length) throws IOException {
    if (!buffer.hasRemaining() && !fill()) {
      return -1;
    }
    int n = Math.min(length, buffer.remaining());
    buffer.get(target, offset, n);
    return n;
  }

  private void require(int bytes) throws IOException {
    if (buffer.remaining() < bytes) {
      fill();
      if (buffer.remaining() < bytes) {
        throw new EOFException("the file ends inside a record");
      }
    }
  }

  /** Refills the buffer from the current position; false at the end of the file. */
  private boolean fill() throws IOException {
    bufferStart = position();
    buffer.clear();
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, bufferStart + buffer.position());
      if (n <= 0) {
        break;
      }
    }
    buffer.flip();
    return buffer.hasRemaining();
  }
}
