package io.layerkit.archive;

import io.layerkit.source.PathRules;
import io.layerkit.source.TreeEntry;
import io.layerkit.source.UnsafePathException;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Whether an entry's name can be stored in a zip and extracted by Lambda: a safe relative path
 * ({@link PathRules}), valid UTF-8 (a Java string can hold a lone surrogate that has no UTF-8
 * form), each name at most 255 bytes (Linux's limit) and the whole path under {@code /opt} at most
 * 4095 bytes (Linux's PATH_MAX), which also keeps it far below the zip's 65535-byte name field.
 */
final class EntryNames {
  static final int MAX_SEGMENT_BYTES = 255;
  static final int MAX_EXTRACTED_PATH_BYTES = 4095;
  private static final String EXTRACT_ROOT = "/opt/";

  private EntryNames() {}

  static Optional<Finding> check(TreeEntry entry) {
    String path = entry.path();
    try {
      PathRules.requireSafe(path);
    } catch (UnsafePathException e) {
      return Optional.of(Finding.error(e.getMessage() + "; rename it so it stays inside the layer"));
    }
    String shown = "'" + PathRules.printable(path) + "'";
    byte[] utf8;
    try {
      CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      var buffer = encoder.encode(CharBuffer.wrap(path));
      utf8 = new byte[buffer.remaining()];
      buffer.get(utf8);
    } catch (CharacterCodingException e) {
      return Optional.of(Finding.error("name " + shown.replaceAll("[\\ud800-\\udfff]", "?")
          + " is not valid UTF-8 (it holds a lone surrogate); rename it"));
    }
    for (String segment : path.split("/")) {
      int length = segment.getBytes(StandardCharsets.UTF_8).length;
      if (length > MAX_SEGMENT_BYTES) {
        return Optional.of(Finding.error("name " + shown + " has a part of " + length
            + " bytes; Linux, and so Lambda, allows at most " + MAX_SEGMENT_BYTES
            + " bytes per file or folder name"));
      }
    }
    int extracted = EXTRACT_ROOT.length() + utf8.length + (entry.isDirectory() ? 1 : 0);
    if (extracted > MAX_EXTRACTED_PATH_BYTES) {
      return Optional.of(Finding.error("path " + shown + " is too long: " + extracted
          + " bytes under /opt, and Lambda can extract at most " + MAX_EXTRACTED_PATH_BYTES));
    }
    return Optional.empty();
  }
}
