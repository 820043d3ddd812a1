package io.layerkit.sbom;

import io.layerkit.tree.TreeEntry;
import java.util.Locale;
import java.util.Optional;

/**
 * Which files of a layer describe a distribution, by path alone:
 * <ul>
 *   <li>Python: {@code <name>-<version>.dist-info/METADATA}, {@code <name>...egg-info/PKG-INFO},
 *       and an {@code .egg-info} that is itself a file (the old single-file form), at any depth;
 *   <li>Node: {@code node_modules/<name>/package.json} and
 *       {@code node_modules/@<scope>/<name>/package.json}, in nested {@code node_modules} too, but
 *       not the {@code package.json} files deeper inside a package;
 *   <li>Java: every {@code .jar} under {@code java/lib/}, where Lambda puts a layer's jars.
 * </ul>
 * Symbolic links are never followed, so a linked package is found once, where it really is.
 */
final class DistributionPaths {
  private static final String NODE_MODULES = "node_modules";

  private DistributionPaths() {}

  enum Kind { PYTHON_METADATA, NODE_PACKAGE, JAR }

  /**
   * @param kind what the file is
   * @param name the distribution's name as the path gives it (a stand-in for missing metadata)
   * @param version the version as the path gives it, or {@code null}
   */
  record Match(Kind kind, String name, String version) {}

  static Optional<Match> match(TreeEntry entry) {
    if (!entry.isFile()) {
      return Optional.empty();
    }
    String path = entry.path();
    String[] segments = path.split("/");
    String file = segments[segments.length - 1];
    String parent = segments.length > 1 ? segments[segments.length - 2] : "";
    if ((file.equals("METADATA") && parent.endsWith(".dist-info"))
        || (file.equals("PKG-INFO") && parent.endsWith(".egg-info"))) {
      return Optional.of(python(parent.substring(0, parent.lastIndexOf('.'))));
    }
    if (file.endsWith(".egg-info")) {
      return Optional.of(python(file.substring(0, file.length() - ".egg-info".length())));
    }
    if (file.equals("package.json")) {
      return node(segments);
    }
    if (path.startsWith("java/lib/") && file.toLowerCase(Locale.ROOT).endsWith(".jar")) {
      return Optional.of(new Match(Kind.JAR, file.substring(0, file.length() - 4), null));
    }
    return Optional.empty();
  }

  /** {@code requests-2.31.0}, {@code idna-3.6-py3.11}, or a bare name. */
  private static Match python(String stem) {
    String[] parts = stem.split("-");
    return new Match(Kind.PYTHON_METADATA, parts[0], parts.length > 1 ? parts[1] : null);
  }

  private static Optional<Match> node(String[] segments) {
    int n = segments.length;
    if (n >= 3 && segments[n - 3].equals(NODE_MODULES) && isName(segments[n - 2])
        && !segments[n - 2].startsWith("@")) {
      return Optional.of(new Match(Kind.NODE_PACKAGE, segments[n - 2], null));
    }
    if (n >= 4 && segments[n - 4].equals(NODE_MODULES) && segments[n - 3].startsWith("@")
        && isName(segments[n - 3].substring(1)) && isName(segments[n - 2])) {
      return Optional.of(
          new Match(Kind.NODE_PACKAGE, segments[n - 3] + "/" + segments[n - 2], null));
    }
    return Optional.empty();
  }

  /** Folders such as {@code .bin} and {@code .cache} inside node_modules are no packages. */
  private static boolean isName(String segment) {
    return !segment.isEmpty() && !segment.startsWith(".") && !segment.equals(NODE_MODULES);
  }
}
