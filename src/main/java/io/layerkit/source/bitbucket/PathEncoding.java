package io.layerkit.source.bitbucket;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes repository paths and ref names for URL paths. Everything but RFC 3986's
 * unreserved characters is encoded, so a name with a space, {@code #}, {@code %}, {@code ?},
 * {@code +}, {@code &} or any non-ASCII character stays one literal path segment. {@code +} is
 * encoded too because some servers read it as a space.
 */
final class PathEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PathEncoding() {}

  /** One segment: {@code /} is encoded as well ({@code feature/x} becomes {@code feature%2Fx}). */
  static String segment(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isUnreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  /** A {@code /}-separated repository path, each segment encoded, separators kept. */
  static String path(String path) {
    StringBuilder out = new StringBuilder(path.length() + 16);
    int start = 0;
    while (true) {
      int slash = path.indexOf('/', start);
      out.append(segment(slash < 0 ? path.substring(start) : path.substring(start, slash)));
      if (slash < 0) {
        return out.toString();
      }
      out.append('/');
      start = slash + 1;
    }
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }
}
