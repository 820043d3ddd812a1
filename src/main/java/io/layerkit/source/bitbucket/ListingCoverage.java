package io.layerkit.source.bitbucket;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which folders of one listing came back with their contents, and which must be listed on their
 * own. A listing of {@code depth} levels returns the folders of its deepest level without their
 * contents. Git keeps no empty folders, so a folder above that level whose children are not in
 * the answer was cut from it (by a page limit or a truncated answer); so was a folder the answer
 * never names although paths below it appear. Nothing here depends on the order of the answer.
 */
final class ListingCoverage {
  private final String listed;
  private final int depth;
  private final Set<String> folders = new HashSet<>();
  private final Set<String> parents = new HashSet<>();

  /**
   * @param listed the folder listed, {@code ""} for the repository root
   * @param depth the levels asked for
   */
  ListingCoverage(String listed, int depth) {
    this.listed = listed;
    this.depth = depth;
  }

  /** Levels below the listed folder: 1 for its own children. */
  static int levels(String listed, String path) {
    String below = listed.isEmpty() ? path : path.substring(listed.length() + 1);
    return (int) below.chars().filter(c -> c == '/').count() + 1;
  }

  /** One entry of the answer, a repository path strictly below the listed folder. */
  void add(String path, boolean folder) {
    if (folder) {
      folders.add(path);
    }
    int slash = path.lastIndexOf('/');
    String parent = slash < 0 ? "" : path.substring(0, slash);
    while (!parent.equals(listed) && parents.add(parent)) {
      slash = parent.lastIndexOf('/');
      parent = slash < 0 ? "" : parent.substring(0, slash);
    }
  }

  /** The folders whose contents did not come back, in path order. */
  Set<String> toListOnTheirOwn() {
    Set<String> missing = new TreeSet<>();
    for (String folder : folders) {
      if (levels(listed, folder) >= depth || !parents.contains(folder)) {
        missing.add(folder);
      }
    }
    for (String parent : parents) {
      if (!folders.contains(parent)) {
        missing.add(parent);
      }
    }
    return missing;
  }
}
