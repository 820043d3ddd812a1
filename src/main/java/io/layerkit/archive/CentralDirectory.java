package io.layerkit.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A zip's central directory, found from its end record (Zip64 included) and read one record at a
 * time, so that memory follows the records kept, not a library's object per entry. The end
 * record's figures are checked against the file before any record is read: a directory cannot
 * claim more entries than its bytes can hold, nor lie outside the file.
 */
final class CentralDirectory {
  private static final int END = 0x06054b50;
  private static final int ZIP64_END = 0x06064b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int RECORD = 0x02014b50;
  private static final int END_SIZE = 22;
  private static final int MAX_COMMENT = 0xffff;
  /** The fixed part of a central record; the smallest record there is. */
  static final int RECORD_SIZE = 46;
  private static final int ZIP64_EXTRA = 0x0001;
  private static final int UNICODE_PATH_EXTRA = 0x7075;

  /** One central-directory record, as stored. */
  record Record(byte[] rawName, int versionMadeBy, int flags, int method, int dosDateTime,
      long crc, long compressedSize, long size, long localOffset, long externalAttributes,
      List<Integer> extraIds, Optional<byte[]> unicodePath) {

    boolean encrypted() {
      return (flags & 1) != 0;
    }

    boolean utf8Flag() {
      return (flags & 0x0800) != 0;
    }
  }

  /** Receives the records in directory order. */
  interface RecordSink {
    void accept(int index, Record record) throws IOException;
  }

  private final long entries;
  private final long offset;
  private final long size;

  private CentralDirectory(long entries, long offset, long size) {
    this.entries = entries;
    this.offset = offset;
    this.size = size;
  }

  /** Where the directory starts: every entry's data lies before it. */
  long offset() {
    return offset;
  }

  long entries() {
    return entries;
  }

  /** Finds the end record and checks its figures against the file. */
  static CentralDirectory find(ZipFileReader reader) throws IOException {
    long fileSize = reader.size();
    long tailStart = Math.max(0, fileSize - END_SIZE - MAX_COMMENT);
    reader.seek(tailStart);
    byte[] tail = reader.bytes((int) (fileSize - tailStart));
    ByteBuffer bytes = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
    int end = -1;
    for (int i = tail.length - END_SIZE; i >= 0; i--) {
      if (bytes.getInt(i) == END && i + END_SIZE + Short.toUnsignedInt(bytes.getShort(i + 20))
          <= tail.length) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      throw new IOException("it has no end of central directory record (not a zip, or cut"
          + " short)");
    }
    long endPosition = tailStart + end;
    if (bytes.getShort(end + 4) != 0 || bytes.getShort(end + 6) != 0) {
      throw new IOException("it is split over several disks, which layerkit does not read");
    }
    long count = Short.toUnsignedInt(bytes.getShort(end + 10));
    long size = Integer.toUnsignedLong(bytes.getInt(end + 12));
    long offset = Integer.toUnsignedLong(bytes.getInt(end + 16));
    long limit = endPosition;
    if (endPosition >= 20 && locatorAt(reader, endPosition - 20)) {
      reader.seek(endPosition - 20 + 8);
      long zip64End = reader.u64();
      reader.seek(zip64End);
      if (reader.u32() != ZIP64_END) {
        throw new IOException("its Zip64 end record is missing where the locator points");
      }
      reader.seek(zip64End + 24);
      reader.u64(); // entries on this disk
      count = reader.u64();
      size = reader.u64();
      offset = reader.u64();
      limit = zip64End;
    }
    if (offset > limit || size > limit - offset) {
      throw new IOException("its central directory (" + size + " bytes at " + offset
          + ") lies outside the file");
    }
    if (count > size / RECORD_SIZE) {
      throw new IOException("it claims " + count + " entries, more than its central directory"
          + " of " + size + " bytes can hold");
    }
    return new CentralDirectory(count, offset, size);
  }

  private static boolean locatorAt(ZipFileReader reader, long position) throws IOException {
    reader.seek(position);
    return reader.u32() == ZIP64_LOCATOR;
  }

  /** Reads every record in order, handing each to {@code sink}; nothing is kept here. */
  void read(ZipFileReader reader, RecordSink sink) throws IOException {
    reader.seek(offset);
    long end = offset + size;
    for (int index = 0; index < entries; index++) {
      if (reader.position() + RECORD_SIZE > end || reader.u32() != RECORD) {
        throw new IOException("its central directory is damaged at entry " + (index + 1));
      }
      int versionMadeBy = reader.u16();
      reader.u16(); // version needed
      int flags = reader.u16();
      int method = reader.u16();
      int time = reader.u16();
      int date = reader.u16();
      long crc = reader.u32();
      long compressedSize = reader.u32();
      long size = reader.u32();
      int nameLength = reader.u16();
      int extraLength = reader.u16();
      int commentLength = reader.u16();
      reader.u16(); // disk
      reader.u16(); // internal attributes
      long external = reader.u32();
      long localOffset = reader.u32();
      if (reader.position() + nameLength + extraLength + commentLength > end) {
        throw new IOException("its central directory is damaged at entry " + (index + 1));
      }
      byte[] name = reader.bytes(nameLength);
      byte[] extra = reader.bytes(extraLength);
      reader.seek(reader.position() + commentLength);
      List<Integer> ids = new ArrayList<>(2);
      Optional<byte[]> unicodePath = Optional.empty();
      ByteBuffer fields = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
      while (fields.remaining() >= 4) {
        int id = Short.toUnsignedInt(fields.getShort());
        int length = Short.toUnsignedInt(fields.getShort());
        if (length > fields.remaining()) {
          break; // a damaged extra block: the fields read so far stand
        }
        ByteBuffer data = fields.slice(fields.position(), length).order(ByteOrder.LITTLE_ENDIAN);
        fields.position(fields.position() + length);
        ids.add(id);
        if (id == ZIP64_EXTRA) {
          // only the fields whose 32-bit value is 0xffffffff, in this order
          if (size == 0xffffffffL && data.remaining() >= 8) {
            size = nonNegative(data.getLong());
          }
          if (compressedSize == 0xffffffffL && data.remaining() >= 8) {
            compressedSize = nonNegative(data.getLong());
          }
          if (localOffset == 0xffffffffL && data.remaining() >= 8) {
            localOffset = nonNegative(data.getLong());
          }
        } else if (id == UNICODE_PATH_EXTRA && length > 5) {
          byte[] path = new byte[length - 5];
          data.position(5).get(path);
          unicodePath = Optional.of(path);
        }
      }
      sink.accept(index, new Record(name, versionMadeBy, flags, method, date << 16 | time, crc,
          compressedSize, size, localOffset, external, List.copyOf(ids), unicodePath));
    }
  }

  private static long nonNegative(long value) throws IOException {
    if (value < 0) {
      throw new IOException("a Zip64 size or offset beyond what any file holds");
    }
    return value;
  }
}
