package io.layerkit.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Sets the DOS time and date fields of every local and central header of a zip that layerkit has
 * just written. Only needed when the JVM's time zone cannot express the wall clock (see
 * {@link DosTime}); the headers' positions are known from writing, and each one's signature is
 * checked before it is touched.
 */
final class DosTimeRewriter {
  private static final int LOCAL_SIGNATURE = 0x04034b50;
  private static final int CENTRAL_SIGNATURE = 0x02014b50;
  private static final int LOCAL_TIME_OFFSET = 10;
  private static final int CENTRAL_TIME_OFFSET = 12;
  private static final int CENTRAL_FIXED_LENGTH = 46;

  private DosTimeRewriter() {}

  static void rewrite(Path zip, List<Long> localHeaderOffsets, long centralDirectoryOffset, long fields)
      throws IOException {
    ByteBuffer value = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) fields);
    try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      for (long offset : localHeaderOffsets) {
        requireSignature(channel, offset, LOCAL_SIGNATURE);
        channel.write(value.flip(), offset + LOCAL_TIME_OFFSET);
      }
      long position = centralDirectoryOffset;
      ByteBuffer header = ByteBuffer.allocate(CENTRAL_FIXED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < localHeaderOffsets.size(); i++) {
        readFully(channel, header.clear(), position);
        if (header.getInt(0) != CENTRAL_SIGNATURE) {
          throw new IOException("no central directory header at offset " + position + " of " + zip);
        }
        channel.write(value.flip(), position + CENTRAL_TIME_OFFSET);
        int nameLength = Short.toUnsignedInt(header.getShort(28));
        int extraLength = Short.toUnsignedInt(header.getShort(30));
        int commentLength = Short.toUnsignedInt(header.getShort(32));
        position += CENTRAL_FIXED_LENGTH + nameLength + extraLength + commentLength;
      }
    }
  }

  private static void requireSignature(FileChannel channel, long offset, int signature)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, buffer, offset);
    if (buffer.getInt(0) != signature) {
      throw new IOException("no local file header at offset " + offset);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("zip ends before offset " + (position + buffer.limit()));
      }
    }
  }
}
