package io.layerkit.tree;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The listing of one package folder: every entry in the zip's order (the UTF-8 bytes of its zip
 * name: its path, with a trailing {@code /} for a directory), with every parent directory present
 * exactly once. Sources may list in any order and may omit
 * parents; {@link #of} normalises, so all sources give the same tree for the same content.
 *
 * @param packagePath the folder inside the source, e.g. {@code lambda/layers/requests}
 * @param entries sorted, unique entries
 */
public record PackageTree(String packagePath, List<TreeEntry> entries) {

  /** Orders strings by their UTF-8 bytes, unsigned. */
  public static final Comparator<String> PATH_ORDER =
      (a, b) -> NameOrder.compare(a, false, b, false);

  /**
   * The order of the archive's entries (DESIGN, "Reproducible archive rules"): by the UTF-8 bytes
   * of each entry's zip name, a directory's ending in {@code /}. So {@code acm-pca/} comes before
   * {@code acm/} and everything in it, since {@code -} sorts before {@code /}.
   */
  public static final Comparator<TreeEntry> ENTRY_ORDER =
      (a, b) -> NameOrder.compare(a.path(), a.isDirectory(), b.path(), b.isDirectory());

  public PackageTree {
    entries = List.copyOf(entries);
  }

  /**
   * Validates every path, adds missing parent directories and sorts.
   *
   * @throws UnsafePathException when a path could escape the package folder
   * @throws IllegalArgumentException when two entries claim the same path
   */
  public static PackageTree of(String packagePath, List<TreeEntry> listed) {
    Map<String, TreeEntry> byPath = new HashMap<>();
    for (TreeEntry entry : listed) {
      PathRules.requireSafe(entry.path());
      TreeEntry previous = byPath.putIfAbsent(entry.path(), entry);
      if (previous != null && !previous.equals(entry)) {
        throw new IllegalArgumentException("path listed twice: " + entry.path());
      }
    }
    // each folder's own parents are added once, when the folder first is: the work stays linear
    // in the paths' length however deep they nest
    Set<String> parentsAdded = new HashSet<>();
    for (TreeEntry entry : List.copyOf(byPath.values())) {
      String path = entry.path();
      for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
        String parent = path.substring(0, slash);
        TreeEntry existing = byPath.putIfAbsent(parent, TreeEntry.directory(parent));
        if (existing != null && !existing.isDirectory()) {
          throw new IllegalArgumentException(
              "'" + parent + "' is both a " + existing.kind().name().toLowerCase(Locale.ROOT)
                  + " and a folder");
        }
        if (!parentsAdded.add(parent)) {
          break;
        }
        if (existing != null) {
          break; // its own parents were added with it, or will be as the listing is walked
        }
      }
    }
    List<TreeEntry> sorted = new ArrayList<>(byPath.values());
    sorted.sort(ENTRY_ORDER);
    return new PackageTree(packagePath, sorted);
  }

  public int fileCount() {
    return (int) entries.stream().filter(e -> !e.isDirectory()).count();
  }

  /** Bytes the layer occupies once Lambda extracts it: file contents plus link targets. */
  public long unzippedSize() {
    return entries.stream().mapToLong(TreeEntry::size).sum();
  }

  public boolean isEmpty() {
    return entries.stream().noneMatch(e -> !e.isDirectory());
  }
}
