package io.layerkit.tree;

/**
 * Compares names as their UTF-8 bytes compare, unsigned, without encoding them: UTF-8 byte order
 * is code point order, and UTF-16 differs from code point order only where a surrogate meets a
 * character from U+E000 up, which this corrects. A directory compares as its path with a trailing
 * {@code /}, the way its zip entry is named.
 */
final class NameOrder {
  private static final int END = -1;

  private NameOrder() {}

  static int compare(String a, boolean aIsDirectory, String b, boolean bIsDirectory) {
    for (int i = 0; ; i++) {
      int x = unit(a, aIsDirectory, i);
      int y = unit(b, bIsDirectory, i);
      if (x != y) {
        return Integer.compare(x, y);
      }
      if (x == END) {
        return 0;
      }
    }
  }

  /** The i-th UTF-16 unit ranked in code point order; a directory's '/' after its path; END. */
  private static int unit(String s, boolean isDirectory, int i) {
    if (i < s.length()) {
      char c = s.charAt(i);
      // surrogates encode code points above U+FFFF: rank them after U+E000..U+FFFF
      return c < 0xd800 ? c : c >= 0xe000 ? c - 0x800 : c + 0x2000;
    }
    return i == s.length() && isDirectory ? '/' : END;
  }
}
