package io.layerkit.archive;

import io.layerkit.tree.PathRules;
import io.layerkit.tree.TreeEntry;
import io.layerkit.tree.UnsafePathException;
import java.util.Optional;

/**
 * Whether an entry's name can be stored in a zip and extracted by Lambda: a safe relative path
 * ({@link PathRules}), valid UTF-8 (a Java string can hold a lone surrogate that has no UTF-8
 * form), each name at most 255 bytes (Linux's limit) and the whole path under {@code /opt} at most
 * 4095 bytes (Linux's PATH_MAX), which also keeps it far below the zip's 65535-byte name field.
 * A link's target is bound by the same 4095 bytes.
 */
final class EntryNames {
  static final int MAX_SEGMENT_BYTES = 255;
  static final int MAX_EXTRACTED_PATH_BYTES = 4095;
  private static final String EXTRACT_ROOT = "/opt/";

  private EntryNames() {}

  /** A finding for the entry's name or link length, or empty; one pass, no allocation when fine. */
  static Optional<Finding> check(TreeEntry entry) {
    String path = entry.path();
    try {
      PathRules.requireSafe(path);
    } catch (UnsafePathException e) {
      return Optional.of(
          Finding.error(e.getMessage() + "; rename it so it stays inside the layer"));
    }
    int pathBytes = 0;
    int segmentBytes = 0;
    int longestSegment = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      int bytes;
      if (Character.isHighSurrogate(c) && i + 1 < path.length()
          && Character.isLowSurrogate(path.charAt(i + 1))) {
        bytes = 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of(Finding.error("name '" + shown(path).replaceAll("[\\ud800-\\udfff]", "?")
            + "' is not valid UTF-8 (it holds a lone surrogate); rename it"));
      } else {
        bytes = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
      pathBytes += bytes;
      segmentBytes = c == '/' ? 0 : segmentBytes + bytes;
      longestSegment = Math.max(longestSegment, segmentBytes);
    }
    if (longestSegment > MAX_SEGMENT_BYTES) {
      return Optional.of(Finding.error("name '" + shown(path) + "' has a part of " + longestSegment
          + " bytes; Linux, and so Lambda, allows at most " + MAX_SEGMENT_BYTES
          + " bytes per file or folder name"));
    }
    int extracted = EXTRACT_ROOT.length() + pathBytes + (entry.isDirectory() ? 1 : 0);
    if (extracted > MAX_EXTRACTED_PATH_BYTES) {
      return Optional.of(Finding.error("path '" + shown(path) + "' is too long: " + extracted
          + " bytes under /opt, and Lambda can extract at most " + MAX_EXTRACTED_PATH_BYTES));
    }
    if (entry.isSymlink() && entry.size() > MAX_EXTRACTED_PATH_BYTES) {
      return Optional.of(Finding.error("link '" + shown(path) + "' has a target of " + entry.size()
          + " bytes; Linux, and so Lambda, allows at most " + MAX_EXTRACTED_PATH_BYTES));
    }
    return Optional.empty();
  }

  private static String shown(String path) {
    return abbreviated(PathRules.printable(path));
  }

  /** A path short enough for a one-line message: its start and its end. */
  static String abbreviated(String path) {
    return path.length() <= 120
        ? path
        : path.substring(0, 60) + "…" + path.substring(path.length() - 50);
  }
}
