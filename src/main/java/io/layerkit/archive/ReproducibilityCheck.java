package io.layerkit.archive;

import io.layerkit.tree.PackageTree;
import io.layerkit.tree.PathRules;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether an existing zip follows the rules that make layerkit's zips reproducible (DESIGN,
 * "Reproducible archive rules"): entries sorted by their names' UTF-8 bytes, one fixed
 * timestamp, no extra fields, Unix modes as layerkit writes them. A zip breaking them still works as a layer, so each finding is a
 * warning that says why the same content built again would give different bytes.
 */
final class ReproducibilityCheck {
  /** Zip64's extra field is required for large entries, so it is never a finding. */
  private static final String ZIP64_EXTRA = "0x0001";

  private ReproducibilityCheck() {}

  static List<Finding> check(List<ZipContents.Entry> entries) {
    List<Finding> findings = new ArrayList<>();
    for (int i = 1; i < entries.size(); i++) {
      // the names as stored: a folder's ends in '/', so the rule is the one layerkit writes by
      String before = entries.get(i - 1).name();
      String after = entries.get(i).name();
      if (PackageTree.PATH_ORDER.compare(before, after) > 0) {
        findings.add(Finding.warning("entries are not sorted by the UTF-8 bytes of their names ('"
            + PathRules.printable(after) + "' comes after '" + PathRules.printable(before)
            + "'); a reproducible zip lists them in one fixed order"));
        break;
      }
    }
    TreeSet<LocalDateTime> times = new TreeSet<>();
    entries.forEach(e -> times.add(e.modified()));
    if (times.size() > 1) {
      findings.add(Finding.warning("entries carry " + times.size() + " different timestamps (from "
          + times.first() + " to " + times.last() + "); a reproducible zip stamps every entry"
          + " with one fixed time"));
    }
    Set<String> extraIds = new TreeSet<>();
    int withExtras = 0;
    for (ZipContents.Entry entry : entries) {
      List<String> ids =
          entry.extraFields().stream().filter(id -> !id.equals(ZIP64_EXTRA)).toList();
      extraIds.addAll(ids);
      withExtras += ids.isEmpty() ? 0 : 1;
    }
    if (withExtras > 0) {
      findings.add(Finding.warning(withExtras
          + (withExtras == 1 ? " entry carries" : " entries carry")
          + " extra fields (" + String.join(", ", extraIds) + "), which hold times, owners or"
          + " other values that differ from machine to machine"));
    }
    long withoutMode = entries.stream().filter(e -> !e.hasUnixMode()).count();
    if (withoutMode > 0) {
      findings.add(Finding.warning(withoutMode + (withoutMode == 1 ? " entry has" : " entries have")
          + " no Unix mode (the zip was made on a non-Unix system), so Lambda extracts them"
          + " without executable bits"));
    }
    List<ZipContents.Entry> unusual = entries.stream()
        .filter(e -> e.hasUnixMode() && e.mode() != layerkitMode(e))
        .toList();
    if (!unusual.isEmpty()) {
      ZipContents.Entry first = unusual.get(0);
      findings.add(Finding.warning(unusual.size()
          + (unusual.size() == 1 ? " entry has a mode" : " entries have modes")
          + " layerkit would not write (e.g. '" + PathRules.printable(first.name()) + "' "
          + String.format(Locale.ROOT, "%04o", first.mode()) + "); layerkit writes 0644 and 0755 files,"
          + " 0755 folders and 0777 links"));
    }
    return findings;
  }

  private static int layerkitMode(ZipContents.Entry entry) {
    return switch (entry.kind()) {
      case DIRECTORY -> 0755;
      case SYMLINK -> 0777;
      case FILE -> (entry.mode() & 0111) != 0 ? 0755 : 0644;
    };
  }
}
