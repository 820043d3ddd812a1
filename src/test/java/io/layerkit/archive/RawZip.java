package io.layerkit.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The header fields of a small zip exactly as stored, for tests that check bytes no reader shows
 * faithfully (DOS time fields, extra field lengths, flags). Handles zips without Zip64 only.
 */
record RawZip(List<Header> headers, int entryCount) {

  /** One entry's central header and the local header it points to. */
  record Header(String name, int versionMadeBy, int flags, int method, long dosTime, long crc,
      long compressedSize, long size, int centralExtraLength, int localExtraLength,
      int localFlags, long localDosTime, long externalAttributes, long localHeaderOffset) {

    int platform() {
      return versionMadeBy >> 8;
    }

    int unixMode() {
      return (int) (externalAttributes >>> 16);
    }

    String dosDateTime() {
      long date = dosTime >>> 16;
      long time = dosTime & 0xffff;
      return String.format("%04d-%02d-%02d %02d:%02d:%02d", 1980 + (date >> 9), (date >> 5) & 15,
          date & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2);
    }
  }

  static RawZip read(Path zip) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
    int eocd = bytes.limit() - 22;
    if (bytes.getInt(eocd) != 0x06054b50) {
      throw new IOException("no end of central directory record without a comment");
    }
    int count = Short.toUnsignedInt(bytes.getShort(eocd + 10));
    int position = (int) Integer.toUnsignedLong(bytes.getInt(eocd + 16));
    List<Header> headers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (bytes.getInt(position) != 0x02014b50) {
        throw new IOException("no central header at " + position);
      }
      int nameLength = Short.toUnsignedInt(bytes.getShort(position + 28));
      int extraLength = Short.toUnsignedInt(bytes.getShort(position + 30));
      int commentLength = Short.toUnsignedInt(bytes.getShort(position + 32));
      long local = Integer.toUnsignedLong(bytes.getInt(position + 42));
      byte[] name = new byte[nameLength];
      bytes.get(position + 46, name);
      if (bytes.getInt((int) local) != 0x04034b50) {
        throw new IOException("no local header at " + local);
      }
      headers.add(new Header(
          new String(name, StandardCharsets.UTF_8),
          Short.toUnsignedInt(bytes.getShort(position + 4)),
          Short.toUnsignedInt(bytes.getShort(position + 8)),
          Short.toUnsignedInt(bytes.getShort(position + 10)),
          Integer.toUnsignedLong(bytes.getInt(position + 12)),
          Integer.toUnsignedLong(bytes.getInt(position + 16)),
          Integer.toUnsignedLong(bytes.getInt(position + 20)),
          Integer.toUnsignedLong(bytes.getInt(position + 24)),
          extraLength,
          Short.toUnsignedInt(bytes.getShort((int) local + 28)),
          Short.toUnsignedInt(bytes.getShort((int) local + 6)),
          Integer.toUnsignedLong(bytes.getInt((int) local + 10)),
          Integer.toUnsignedLong(bytes.getInt(position + 38)),
          local));
      position += 46 + nameLength + extraLength + commentLength;
    }
    return new RawZip(headers, count);
  }

  List<String> names() {
    return headers.stream().map(Header::name).toList();
  }

  Header header(String name) {
    return headers.stream().filter(h -> h.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no entry " + name + " in " + names()));
  }
}
