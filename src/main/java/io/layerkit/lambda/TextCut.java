package io.layerkit.lambda;

/**
 * Shortens text for APIs that limit its length in characters. A cut never falls between the two
 * halves of a surrogate pair (an emoji, a rare CJK character): a lone half is not valid text, and
 * the API refuses it or the console shows garbage.
 */
final class TextCut {
  private TextCut() {}

  /** {@code text} itself when it fits in {@code max}, else its start plus {@code marker}. */
  static String toLength(String text, int max, String marker) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - marker.length();
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + marker;
  }
}
