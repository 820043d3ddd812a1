package io.layerkit.tree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The listing of one package folder: every entry, sorted by the UTF-8 bytes of its path, with
 * every parent directory present exactly once. Sources may list in any order and may omit
 * parents; {@link #of} normalises, so all sources give the same tree for the same content.
 *
 * @param packagePath the folder inside the source, e.g. {@code lambda/layers/requests}
 * @param entries sorted, unique entries
 */
public record PackageTree(String packagePath, List<TreeEntry> entries) {

  /** Orders paths by their UTF-8 bytes, unsigned, which is the order of the archive's entries. */
  public static final Comparator<String> PATH_ORDER =
      (a, b) -> Arrays.compareUnsigned(
          a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

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
      }
    }
    List<TreeEntry> sorted = new ArrayList<>(byPath.values());
    sorted.sort(Comparator.comparing(TreeEntry::path, PATH_ORDER));
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
