package io.layerkit.archive;

import io.layerkit.digest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The zip container, written the one way layerkit writes it and nothing more: entries whose sizes
 * and CRC are known before their data (so no data descriptors), every name flagged UTF-8, one DOS
 * date and time on every entry, Unix modes in the central directory, no extra field, no comment.
 *
 * <ul>
 *   <li>Local header: version needed 1.0 for stored entries, 2.0 for deflated ones; flags
 *       {@code 0x0800}; CRC and sizes.
 *   <li>Central header: made by Unix, version 2.0; external attributes: the Unix mode and type in
 *       the high 16 bits, the MS-DOS directory bit for folders.
 *   <li>End: the end record, after a Zip64 end record and locator when there are more than 65535
 *       entries (a node_modules tree can have that many), the one Zip64 feature a layer needs.
 * </ul>
 *
 * <p>A layer is at most 250 MB unzipped (the validator refuses more before anything is archived),
 * so an entry or a zip of 4 GiB, which would need Zip64 sizes and offsets, is refused here.
 *
 * <p>Output is buffered here and hashed as it leaves, so the zip's SHA-256 costs no second read.
 * Central headers are kept in memory until {@link #finish}: about 50 bytes plus the name per entry.
 */
final class ZipWriter implements AutoCloseable {
  static final int STORED = 0;
  static final int DEFLATED = 8;

  private static final int LOCAL_SIGNATURE = 0x04034b50;
  private static final int CENTRAL_SIGNATURE = 0x02014b50;
  private static final int END_SIGNATURE = 0x06054b50;
  private static final int ZIP64_END_SIGNATURE = 0x06064b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int UTF8_NAMES = 0x0800;
  private static final int UNIX = 3;
  /** Made by version 2.0: deflate's, all the entries use. */
  private static final int VERSION_MADE_BY = 20;
  private static final int VERSION_STORED = 10;
  private static final int VERSION_DEFLATED = 20;
  private static final int VERSION_ZIP64 = 45;
  private static final int MSDOS_DIRECTORY = 0x10;
  private static final long MAX_32 = 0xffffffffL;
  private static final int MAX_16 = 0xffff;
  private static final int BUFFER = 256 * 1024;

  private final OutputStream out;
  private final MessageDigest sha256 = Sha256.newDigest();
  private final int dosDateTime;
  private final byte[] buffer = new byte[BUFFER];
  private int buffered;
  private long written;
  private final Bytes local = new Bytes();
  private final Bytes central = new Bytes();
  private long entries;

  /**
   * @param out where the zip goes; closed with this writer
   * @param dosDateTime the DOS time (low 16 bits) and date (high 16 bits) of every entry
   */
  ZipWriter(OutputStream out, long dosDateTime) {
    this.out = out;
    this.dosDateTime = (int) dosDateTime;
  }

  /** A folder entry; {@code name} ends with {@code /}. */
  void directory(String name, int unixTypeAndMode) throws IOException {
    header(name, unixTypeAndMode, STORED, 0, 0, 0);
  }

  /**
   * An entry with its data.
   *
   * @param method {@link #STORED} or {@link #DEFLATED}; {@code data} is the entry's bytes as
   *     stored, exactly {@code compressedSize} of them
   */
  void entry(String name, int unixTypeAndMode, int method, long crc, long compressedSize,
      long size, InputStream data) throws IOException {
    header(name, unixTypeAndMode, method, crc, compressedSize, size);
    long copied = copy(data);
    if (copied != compressedSize) {
      throw new IOException("'" + name + "' gave " + copied + " bytes to store, not "
          + compressedSize);
    }
  }

  /** Bytes written so far. */
  long position() {
    return written + buffered;
  }

  /** Writes the central directory and the end records, then flushes; returns the SHA-256. */
  String finish() throws IOException {
    long centralOffset = position();
    write(central.bytes, 0, central.length);
    long centralSize = position() - centralOffset;
    if (centralOffset + centralSize >= MAX_32) {
      throw new IOException("the zip's central directory would end past 4 GiB; a Lambda layer"
          + " holds at most 250 MB unzipped");
    }
    if (entries > MAX_16) {
      long zip64EndOffset = position();
      Bytes end = new Bytes();
      end.int32(ZIP64_END_SIGNATURE).int64(44).int16(UNIX << 8 | VERSION_ZIP64)
          .int16(VERSION_ZIP64).int32(0).int32(0).int64(entries).int64(entries)
          .int64(centralSize).int64(centralOffset);
      end.int32(ZIP64_LOCATOR_SIGNATURE).int32(0).int64(zip64EndOffset).int32(1);
      write(end.bytes, 0, end.length);
    }
    Bytes end = new Bytes();
    int count = (int) Math.min(entries, MAX_16);
    end.int32(END_SIGNATURE).int16(0).int16(0).int16(count).int16(count)
        .int32(centralSize).int32(centralOffset).int16(0);
    write(end.bytes, 0, end.length);
    flushBuffer();
    out.flush();
    return Sha256.hex(sha256);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private void header(String name, int unixTypeAndMode, int method, long crc,
      long compressedSize, long size) throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > MAX_16) {
      throw new IOException("name '" + EntryNames.abbreviated(name) + "' is longer than a zip"
          + " entry's 65535 bytes");
    }
    long offset = position();
    if (compressedSize >= MAX_32 || size >= MAX_32 || offset + compressedSize >= MAX_32) {
      throw new IOException("'" + EntryNames.abbreviated(name) + "' would take the zip past 4 GiB;"
          + " a Lambda layer holds at most 250 MB unzipped");
    }
    int version = method == DEFLATED ? VERSION_DEFLATED : VERSION_STORED;
    local.clear().int32(LOCAL_SIGNATURE).int16(version).int16(UTF8_NAMES).int16(method)
        .int32(dosDateTime).int32(crc).int32(compressedSize).int32(size)
        .int16(nameBytes.length).int16(0).bytes(nameBytes);
    write(local.bytes, 0, local.length);
    boolean directory = name.endsWith("/");
    central.int32(CENTRAL_SIGNATURE).int16(UNIX << 8 | VERSION_MADE_BY).int16(version)
        .int16(UTF8_NAMES).int16(method).int32(dosDateTime).int32(crc).int32(compressedSize)
        .int32(size).int16(nameBytes.length).int16(0).int16(0).int16(0).int16(0)
        .int32(((long) unixTypeAndMode << 16) | (directory ? MSDOS_DIRECTORY : 0))
        .int32(offset).bytes(nameBytes);
    entries++;
  }

  private long copy(InputStream data) throws IOException {
    long copied = 0;
    while (true) {
      if (buffered == buffer.length) {
        flushBuffer();
      }
      int n = data.read(buffer, buffered, buffer.length - buffered);
      if (n < 0) {
        return copied;
      }
      buffered += n;
      copied += n;
    }
  }

  private void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      if (buffered == buffer.length) {
        flushBuffer();
      }
      int n = Math.min(length, buffer.length - buffered);
      System.arraycopy(bytes, offset, buffer, buffered, n);
      buffered += n;
      offset += n;
      length -= n;
    }
  }

  private void flushBuffer() throws IOException {
    sha256.update(buffer, 0, buffered);
    out.write(buffer, 0, buffered);
    written += buffered;
    buffered = 0;
  }

  /** A growing little-endian byte array. */
  private static final class Bytes {
    private byte[] bytes = new byte[256];
    private int length;

    Bytes clear() {
      length = 0;
      return this;
    }

    Bytes int16(int value) {
      ensure(2);
      bytes[length++] = (byte) value;
      bytes[length++] = (byte) (value >>> 8);
      return this;
    }

    Bytes int32(long value) {
      ensure(4);
      for (int i = 0; i < 4; i++) {
        bytes[length++] = (byte) (value >>> (8 * i));
      }
      return this;
    }

    Bytes int64(long value) {
      ensure(8);
      for (int i = 0; i < 8; i++) {
        bytes[length++] = (byte) (value >>> (8 * i));
      }
      return this;
    }

    Bytes bytes(byte[] value) {
      ensure(value.length);
      System.arraycopy(value, 0, bytes, length, value.length);
      length += value.length;
      return this;
    }

    private void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }
  }
}
