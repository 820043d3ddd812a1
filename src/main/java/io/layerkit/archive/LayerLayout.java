package io.layerkit.archive;

import io.layerkit.source.PackageTree;
import io.layerkit.source.PathRules;
import io.layerkit.source.TreeEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where Lambda looks inside a layer, and the usual ways a layer misses it.
 *
 * <p>Lambda extracts every layer into {@code /opt} and puts only some folders on a runtime's path
 * (Lambda developer guide, "Layer paths for each Lambda runtime"): {@code python/} and
 * {@code python/lib/pythonX.Y/site-packages/} for Python, {@code nodejs/node_modules/} and
 * {@code nodejs/nodeNN/node_modules/} for Node.js, {@code java/lib/} for Java, {@code ruby/gems/}
 * and {@code ruby/lib/} for Ruby, {@code bin/} ({@code PATH}) and {@code lib/}
 * ({@code LD_LIBRARY_PATH}) for all of them; {@code extensions/} holds Lambda extensions. A layer
 * with no file in any of these does nothing, which is an error; files elsewhere beside them are
 * dead weight, which is a warning.
 */
final class LayerLayout {
  private static final Pattern ON_RUNTIME_PATH = Pattern.compile(
      "(python|nodejs/node_modules|nodejs/node\\d+/node_modules|java/lib|ruby/gems|ruby/lib"
          + "|bin|lib|extensions)/.+");
  private static final Set<String> KNOWN_TOP_LEVEL =
      Set.of("python", "nodejs", "java", "ruby", "bin", "lib", "extensions");
  private static final Pattern VENV_AT_ROOT = Pattern.compile("lib/(python\\d+(\\.\\d+)?)/site-packages/.+");
  private static final String GENERIC_ADVICE = "put the files under the folder for their runtime:"
      + " python/, nodejs/node_modules/, java/lib/, ruby/gems/ or ruby/lib/, or bin/, lib/,"
      + " extensions/ (Lambda extracts a layer to /opt and reads only those)";

  /** A file type that belongs in one runtime folder, found at the root instead. */
  private record RootFileKind(String extension, String language, String folder, String example) {}

  private static final List<RootFileKind> ROOT_FILE_KINDS = List.of(
      new RootFileKind(".py", "Python", "python/", "python/app.py"),
      new RootFileKind(".js", "JavaScript", "nodejs/node_modules/", "nodejs/node_modules/util.js"),
      new RootFileKind(".mjs", "JavaScript", "nodejs/node_modules/", "nodejs/node_modules/util.mjs"),
      new RootFileKind(".jar", "jar", "java/lib/", "java/lib/library.jar"),
      new RootFileKind(".rb", "Ruby", "ruby/lib/", "ruby/lib/helper.rb"),
      new RootFileKind(".so", "shared library", "lib/", "lib/libfoo.so"));

  private LayerLayout() {}

  static boolean onRuntimePath(String path) {
    return ON_RUNTIME_PATH.matcher(path).matches();
  }

  /** Findings about where the tree's files are; the tree is not empty. */
  static List<Finding> check(PackageTree tree) {
    List<String> contentPaths = tree.entries().stream()
        .filter(e -> !e.isDirectory()).map(TreeEntry::path).toList();
    boolean reachable = contentPaths.stream().anyMatch(LayerLayout::onRuntimePath);
    List<String> mistakes = mistakes(contentPaths);
    List<Finding> findings = new ArrayList<>();
    if (!reachable) {
      String advice = mistakes.isEmpty() ? GENERIC_ADVICE : mistakes.get(0);
      findings.add(Finding.error(
          "no file is in a folder Lambda puts on a runtime's path; " + advice));
      return findings;
    }
    mistakes.forEach(m -> findings.add(Finding.warning(m)));
    strayRootFiles(contentPaths).ifPresent(findings::add);
    strayRootFolders(contentPaths).ifPresent(findings::add);
    return findings;
  }

  /** The common layout mistakes, most specific first, each with where the files should go. */
  private static List<String> mistakes(List<String> paths) {
    List<String> mistakes = new ArrayList<>();
    if (paths.stream().anyMatch(p -> p.startsWith("site-packages/"))) {
      mistakes.add("site-packages/ is at the layer root, where Python never looks;"
          + " move its contents under python/ (e.g. python/requests/...)");
    }
    if (paths.stream().anyMatch(p -> p.startsWith("node_modules/"))) {
      mistakes.add("node_modules/ is at the layer root, where Node.js never looks;"
          + " move it under nodejs/node_modules/ (e.g. nodejs/node_modules/lodash/...)");
    }
    for (RootFileKind kind : ROOT_FILE_KINDS) {
      List<String> atRoot = paths.stream()
          .filter(p -> p.indexOf('/') < 0 && p.toLowerCase(Locale.ROOT).endsWith(kind.extension()))
          .toList();
      if (!atRoot.isEmpty()) {
        mistakes.add(kind.language() + " files are at the layer root (" + sample(atRoot)
            + "), where no runtime looks; move them under " + kind.folder()
            + " (e.g. " + kind.example() + ")");
      }
    }
    paths.stream().map(VENV_AT_ROOT::matcher).filter(java.util.regex.Matcher::matches).findFirst()
        .ifPresent(m -> mistakes.add("lib/" + m.group(1) + "/site-packages/ is not on Python's"
            + " path (lib/ is for shared libraries); move it under python/ (e.g. python/lib/"
            + m.group(1) + "/site-packages/...)"));
    if (paths.stream().anyMatch(p -> p.startsWith("python/site-packages/"))) {
      mistakes.add("python/site-packages/ is not on Python's path; put packages directly under"
          + " python/ (e.g. python/requests/...) or under python/lib/pythonX.Y/site-packages/");
    }
    if (hasFolderMissing(paths, "nodejs/", "node_modules/")) {
      mistakes.add("nodejs/ has no node_modules/ folder, and Node.js reads only"
          + " nodejs/node_modules/; move the packages there (e.g. nodejs/node_modules/lodash/...)");
    }
    if (hasFolderMissing(paths, "java/", "lib/")) {
      mistakes.add("java/ has no lib/ folder, and the Java runtime reads only java/lib/;"
          + " move the jars there (e.g. java/lib/library.jar)");
    }
    return mistakes;
  }

  /** Whether {@code top} holds nested files but none under {@code top + required}. */
  private static boolean hasFolderMissing(List<String> paths, String top, String required) {
    boolean used = paths.stream().anyMatch(p -> p.startsWith(top) && p.indexOf('/', top.length()) > 0);
    return used && paths.stream().noneMatch(p -> onRuntimePath(p) && p.startsWith(top));
  }

  private static Optional<Finding> strayRootFiles(List<String> paths) {
    List<String> stray = paths.stream()
        .filter(p -> p.indexOf('/') < 0)
        .filter(p -> ROOT_FILE_KINDS.stream()
            .noneMatch(k -> p.toLowerCase(Locale.ROOT).endsWith(k.extension())))
        .toList();
    if (stray.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Finding.warning(stray.size() + (stray.size() == 1 ? " file" : " files")
        + " at the layer root (" + sample(stray) + ") " + (stray.size() == 1 ? "is" : "are")
        + " on no runtime's path; Lambda extracts " + (stray.size() == 1 ? "it" : "them")
        + " to /opt where nothing reads " + (stray.size() == 1 ? "it" : "them")));
  }

  private static Optional<Finding> strayRootFolders(List<String> paths) {
    Set<String> stray = new TreeSet<>(PackageTree.PATH_ORDER);
    for (String path : paths) {
      int slash = path.indexOf('/');
      if (slash > 0) {
        String top = path.substring(0, slash);
        if (!KNOWN_TOP_LEVEL.contains(top) && !top.equals("site-packages")
            && !top.equals("node_modules")) {
          stray.add(top + "/");
        }
      }
    }
    if (stray.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Finding.warning("folder" + (stray.size() == 1 ? " " : "s ")
        + sample(List.copyOf(stray)) + " at the layer root " + (stray.size() == 1 ? "is" : "are")
        + " on no runtime's path; Lambda extracts " + (stray.size() == 1 ? "it" : "them")
        + " to /opt where nothing reads " + (stray.size() == 1 ? "it" : "them")));
  }

  /** Up to three names, then how many more. */
  private static String sample(List<String> names) {
    List<String> shown = names.stream().limit(3).map(PathRules::printable).toList();
    String more = names.size() > 3 ? ", and " + (names.size() - 3) + " more" : "";
    return String.join(", ", shown) + more;
  }
}
