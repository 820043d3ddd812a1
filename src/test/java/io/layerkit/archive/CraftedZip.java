package io.layerkit.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a zip byte by byte, including what no zip library would write: central-directory
 * entries that point at another entry's data. Unix modes, UTF-8 names, Zip64 end records when
 * there are more than 65,535 entries; sizes below 4 GiB only.
 */
final class CraftedZip implements AutoCloseable {
  /** One central-directory record. */
  record Central(byte[] name, int method, long crc, long compressedSize, long size,
      long localOffset) {}

  private final OutputStream out;
  private final List<Central> central = new ArrayList<>();
  private long position;

  private CraftedZip(Path file) throws IOException {
    out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
  }

  static CraftedZip create(Path file) throws IOException {
    return new CraftedZip(file);
  }

  /** A stored file; returns its central record. */
  Central stored(String name, byte[] data) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(data);
    Central entry = new Central(name.getBytes(StandardCharsets.UTF_8), 0, crc.getValue(),
        data.length, data.length, position);
    localHeader(entry);
    write(data, data.length);
    central.add(entry);
    return entry;
  }

  /** {@code size} zero bytes, deflated as they are written: a small stream for a large file. */
  Central deflatedZeros(String name, long size) throws IOException {
    byte[] zeros = new byte[1 << 16];
    CRC32 crc = new CRC32();
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    try {
      for (long left = size; left > 0; ) {
        int n = (int) Math.min(left, zeros.length);
        crc.update(zeros, 0, n);
        deflater.setInput(zeros, 0, n);
        while (!deflater.needsInput()) {
          compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        left -= n;
      }
      deflater.finish();
      while (!deflater.finished()) {
        compressed.write(buffer, 0, deflater.deflate(buffer));
      }
    } finally {
      deflater.end();
    }
    byte[] data = compressed.toByteArray();
    Central entry = new Central(name.getBytes(StandardCharsets.UTF_8), 8, crc.getValue(),
        data.length, size, position);
    localHeader(entry);
    write(data, data.length);
    central.add(entry);
    return entry;
  }

  /** One more central record for data already written under another name. */
  void alias(String name, Central of) {
    central.add(new Central(name.getBytes(StandardCharsets.UTF_8), of.method(), of.crc(),
        of.compressedSize(), of.size(), of.localOffset()));
  }

  private void localHeader(Central entry) throws IOException {
    ByteBuffer header = little(30 + entry.name().length);
    header.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x0800)
        .putShort((short) entry.method()).putInt(0x00210000).putInt((int) entry.crc())
        .putInt((int) entry.compressedSize()).putInt((int) entry.size())
        .putShort((short) entry.name().length).putShort((short) 0).put(entry.name());
    write(header.array(), header.capacity());
  }

  @Override
  public void close() throws IOException {
    long start = position;
    for (Central entry : central) {
      ByteBuffer record = little(46 + entry.name().length);
      record.putInt(0x02014b50).putShort((short) (3 << 8 | 20)).putShort((short) 20)
          .putShort((short) 0x0800).putShort((short) entry.method()).putInt(0x00210000)
          .putInt((int) entry.crc()).putInt((int) entry.compressedSize())
          .putInt((int) entry.size()).putShort((short) entry.name().length).putShort((short) 0)
          .putShort((short) 0).putShort((short) 0).putShort((short) 0)
          .putInt((0100644) << 16).putInt((int) entry.localOffset()).put(entry.name());
      write(record.array(), record.capacity());
    }
    long size = position - start;
    boolean zip64 = central.size() > 0xffff;
    if (zip64) {
      long end64 = position;
      ByteBuffer record = little(56 + 20);
      record.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45)
          .putInt(0).putInt(0).putLong(central.size()).putLong(central.size()).putLong(size)
          .putLong(start);
      record.putInt(0x07064b50).putInt(0).putLong(end64).putInt(1);
      write(record.array(), record.capacity());
    }
    ByteBuffer end = little(22);
    int count = zip64 ? 0xffff : central.size();
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) count)
        .putShort((short) count).putInt((int) size).putInt((int) start).putShort((short) 0);
    write(end.array(), end.capacity());
    out.close();
  }

  private void write(byte[] bytes, int length) throws IOException {
    out.write(bytes, 0, length);
    position += length;
  }

  private static ByteBuffer little(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
