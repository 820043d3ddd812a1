package io.layerkit.tree;

import java.util.Locale;

/**
 * The rules every package-relative path must follow before it reaches the archive: relative,
 * {@code /}-separated, no {@code .} or {@code ..} segment, no backslash, no control character,
 * no empty segment. Lambda extracts layers into {@code /opt}; a path breaking these rules could
 * land outside it or be read differently by another unzip.
 */
public final class PathRules {
  private PathRules() {}

  public static void requireSafe(String path) {
    if (path.isEmpty()) {
      throw new UnsafePathException(path, "empty path");
    }
    if (path.startsWith("/")) {
      throw new UnsafePathException(path, "absolute path");
    }
    if (path.endsWith("/")) {
      throw new UnsafePathException(path, "trailing slash");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\') {
        throw new UnsafePathException(path, "backslash in name");
      }
      if (c < 0x20 || c == 0x7f) {
        throw new UnsafePathException(path, "control character in name");
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty()) {
        throw new UnsafePathException(path, "empty path segment");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new UnsafePathException(path, "'" + segment + "' segment");
      }
    }
  }

  /**
   * Returns {@code fullPath} relative to {@code folder}, both repository paths, or throws when it
   * does not lie strictly under the folder. An empty folder means the repository root.
   */
  public static String relativize(String folder, String fullPath) {
    String prefix = folder.isEmpty() ? "" : folder + "/";
    if (!fullPath.startsWith(prefix) || fullPath.length() == prefix.length()) {
      throw new UnsafePathException(fullPath, "outside the package folder '" + folder + "'");
    }
    String relative = fullPath.substring(prefix.length());
    requireSafe(relative);
    return relative;
  }

  /** Normalises a user-given folder: no leading/trailing slashes, no {@code ./}. */
  public static String normalizeFolder(String folder) {
    String f = folder.replace('\\', '/').trim();
    while (f.startsWith("./")) {
      f = f.substring(2);
    }
    f = f.replaceAll("^/+", "").replaceAll("/+$", "").replaceAll("/{2,}", "/");
    if (f.equals(".")) {
      return "";
    }
    if (!f.isEmpty()) {
      requireSafe(f);
    }
    return f;
  }

  /** The path with control characters escaped, safe to put in a one-line message. */
  public static String printable(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
