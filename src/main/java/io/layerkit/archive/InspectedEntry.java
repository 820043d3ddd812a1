package io.layerkit.archive;

import io.layerkit.tree.EntryKind;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry of an inspected zip, as stored.
 *
 * @param name the name in the zip; directories end with {@code /}
 * @param kind file, directory or link
 * @param mode permission bits (0644 when the zip stores no Unix mode)
 * @param size content bytes (a link's target length)
 * @param compressedSize bytes in the zip
 * @param method compression method, lowercase: {@code stored}, {@code deflated}, …
 * @param modified the entry's DOS date and time, as written in the zip
 * @param extraFields header ids of the entry's extra fields, e.g. {@code 0x5455}; empty in a
 *     layerkit zip
 * @param linkTarget a link's target
 */
public record InspectedEntry(String name, EntryKind kind, int mode, long size, long compressedSize,
    String method, LocalDateTime modified, List<String> extraFields, Optional<String> linkTarget) {

  public InspectedEntry {
    extraFields = List.copyOf(extraFields);
  }

  /** The mode as four octal digits, e.g. {@code 0755}. */
  public String octalMode() {
    return String.format(Locale.ROOT, "%04o", mode);
  }
}
