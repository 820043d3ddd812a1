package io.layerkit.sbom;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Finds the {@code META-INF/maven/<group>/<artifact>/pom.properties} entries of a jar in its bytes
 * as they pass, chunk by chunk, without inflating anything else.
 *
 * <p>Every zip entry starts with a local header ({@code PK\3\4}, 26 bytes of fields, the name in
 * clear), so the scanner looks for headers naming a {@code pom.properties}, and reads only those
 * entries: stored or deflated, sizes in the header or (deflated) in a data descriptor after the
 * data, whose end the deflate stream itself marks. Other entries' data is only scanned for the
 * next header, which is what makes a jar cost little more than hashing it; a header-like byte run
 * inside other data would have to name a pom.properties and hold valid coordinates to count.
 * Stored jars inside a jar (a fat jar's libraries) are scanned the same way, as they pass.
 */
final class PomPropertiesScanner {
  private static final int HEADER = 26;
  private static final int NAME_LIMIT = 1024;
  /** A pom.properties is a few lines; anything longer is not one. */
  private static final int PROPERTIES_LIMIT = 64 * 1024;
  private static final byte[] SIGNATURE = {0x50, 0x4b, 0x03, 0x04};

  private enum State { SEARCH, HEADER, NAME, EXTRA, STORED, DEFLATED }

  private final List<JarObservation.Coordinates> found = new ArrayList<>();
  private final Inflater inflater = new Inflater(true);
  private final byte[] header = new byte[HEADER];
  private final byte[] inflated = new byte[8 * 1024];
  private final ByteArrayOutputStream name = new ByteArrayOutputStream();
  private final ByteArrayOutputStream extra = new ByteArrayOutputStream();
  private final ByteArrayOutputStream properties = new ByteArrayOutputStream();
  private State state = State.SEARCH;
  private int matched;
  private int filled;
  private int nameLength;
  private int extraLength;
  private long dataLeft;
  private boolean sizeKnown;

  List<JarObservation.Coordinates> found() {
    return found;
  }

  /** Scans the next bytes of the jar. */
  void accept(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end) {
      i = switch (state) {
        case SEARCH -> search(bytes, i, end);
        case HEADER -> header(bytes, i, end);
        case NAME -> name(bytes, i, end);
        case EXTRA -> extra(bytes, i, end);
        case STORED -> stored(bytes, i, end);
        case DEFLATED -> deflated(bytes, i, end);
      };
    }
  }

  /** Releases the inflater's native memory. */
  void end() {
    inflater.end();
  }

  private int search(byte[] bytes, int i, int end) {
    for (; i < end; i++) {
      byte b = bytes[i];
      if (b == SIGNATURE[matched]) {
        if (++matched == SIGNATURE.length) {
          matched = 0;
          filled = 0;
          state = State.HEADER;
          return i + 1;
        }
      } else {
        matched = b == SIGNATURE[0] ? 1 : 0;
      }
    }
    return end;
  }

  private int header(byte[] bytes, int i, int end) {
    int n = Math.min(HEADER - filled, end - i);
    System.arraycopy(bytes, i, header, filled, n);
    filled += n;
    if (filled == HEADER) {
      nameLength = u16(22);
      extraLength = u16(24);
      name.reset();
      state = nameLength > 0 && nameLength <= NAME_LIMIT ? State.NAME : State.SEARCH;
    }
    return i + n;
  }

  private int name(byte[] bytes, int i, int end) {
    int n = Math.min(nameLength - name.size(), end - i);
    name.write(bytes, i, n);
    if (name.size() == nameLength) {
      state = isPomProperties(name.toString(StandardCharsets.UTF_8))
          ? startEntry() : State.SEARCH;
    }
    return i + n;
  }

  /** After a pom.properties name: its extra field, then its data, or back to searching. */
  private State startEntry() {
    int flags = u16(2);
    int method = u16(4);
    sizeKnown = (flags & 0x08) == 0;
    boolean encrypted = (flags & 0x01) != 0;
    if (encrypted || (method != 0 && method != 8) || (method == 0 && !sizeKnown)) {
      return State.SEARCH;
    }
    extra.reset();
    return extraLength > 0 ? State.EXTRA : startData();
  }

  private int extra(byte[] bytes, int i, int end) {
    int n = Math.min(extraLength - extra.size(), end - i);
    extra.write(bytes, i, n);
    if (extra.size() == extraLength) {
      state = startData();
    }
    return i + n;
  }

  /** The data's length from the header, or from its Zip64 extra field when the header says so. */
  private State startData() {
    long compressed = sizeKnown ? u32(14) : Long.MAX_VALUE;
    if (sizeKnown && compressed == 0xffffffffL) {
      compressed = zip64CompressedSize();
    }
    if (sizeKnown && compressed > PROPERTIES_LIMIT) {
      return State.SEARCH;
    }
    properties.reset();
    inflater.reset();
    dataLeft = compressed;
    State data = u16(4) == 0 ? State.STORED : State.DEFLATED;
    if (dataLeft == 0) {
      finishEntry();
      return State.SEARCH;
    }
    return data;
  }

  /** Zip64 extended information (0x0001): uncompressed size, then compressed size. */
  private long zip64CompressedSize() {
    byte[] fields = extra.toByteArray();
    for (int at = 0; at + 4 <= fields.length; ) {
      int id = (fields[at] & 0xff) | (fields[at + 1] & 0xff) << 8;
      int size = (fields[at + 2] & 0xff) | (fields[at + 3] & 0xff) << 8;
      if (id == 0x0001 && size >= 16 && at + 4 + 16 <= fields.length) {
        long value = 0;
        for (int b = 7; b >= 0; b--) {
          value = value << 8 | (fields[at + 12 + b] & 0xff);
        }
        return value;
      }
      at += 4 + size;
    }
    return Long.MAX_VALUE;
  }

  private int stored(byte[] bytes, int i, int end) {
    int n = (int) Math.min(dataLeft, end - i);
    properties.write(bytes, i, n);
    dataLeft -= n;
    if (dataLeft == 0) {
      finishEntry();
    }
    return i + n;
  }

  private int deflated(byte[] bytes, int i, int end) {
    int n = (int) Math.min(dataLeft, end - i);
    inflater.setInput(bytes, i, n);
    try {
      while (!inflater.finished() && !inflater.needsInput()) {
        int produced = inflater.inflate(inflated);
        if (properties.size() + produced > PROPERTIES_LIMIT) {
          state = State.SEARCH;
          return i;
        }
        properties.write(inflated, 0, produced);
        if (produced == 0 && inflater.needsDictionary()) {
          state = State.SEARCH;
          return i;
        }
      }
    } catch (DataFormatException e) {
      // not deflate data after all: a header-like run inside another entry; search on from here
      state = State.SEARCH;
      return i;
    }
    int used = n - inflater.getRemaining();
    dataLeft -= used;
    if (inflater.finished() || dataLeft == 0) {
      finishEntry();
    }
    return i + used;
  }

  private void finishEntry() {
    parse(properties.toByteArray()).ifPresent(found::add);
    state = State.SEARCH;
  }

  static boolean isPomProperties(String name) {
    return name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")
        && name.split("/", -1).length == 5;
  }

  static Optional<JarObservation.Coordinates> parse(byte[] bytes) {
    Properties values = new Properties();
    try {
      values.load(new ByteArrayInputStream(bytes));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    String group = values.getProperty("groupId", "").trim();
    String artifact = values.getProperty("artifactId", "").trim();
    String version = values.getProperty("version", "").trim();
    return group.isEmpty() || artifact.isEmpty()
        ? Optional.empty()
        : Optional.of(new JarObservation.Coordinates(group, artifact,
            version.isEmpty() ? null : version));
  }

  private int u16(int at) {
    return (header[at] & 0xff) | (header[at + 1] & 0xff) << 8;
  }

  private long u32(int at) {
    return (u16(at) | (long) u16(at + 2) << 16) & 0xffffffffL;
  }
}
