package io.layerkit.archive;

import io.layerkit.tree.PackageTree;
import io.layerkit.tree.PathRules;
import io.layerkit.tree.TreeEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
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
 * with no file in any of these does nothing, which is an error that names the likely mistake;
 * the same mistakes, and files elsewhere, beside a working layout are warnings.
 *
 * <p>One pass over the paths: trees have thousands of entries and this runs on a cold JVM.
 */
final class LayerLayout {
  private static final Set<String> KNOWN_TOP_LEVEL =
      Set.of("python", "nodejs", "java", "ruby", "bin", "lib", "extensions");
  private static final Pattern VENV_AT_ROOT =
      Pattern.compile("lib/(python\\d+(\\.\\d+)?)/site-packages/.+");
  private static final String GENERIC_ADVICE = "put the files under the folder for their runtime:"
      + " python/, nodejs/node_modules/, java/lib/, ruby/gems/ or ruby/lib/, or bin/, lib/,"
      + " extensions/ (Lambda extracts a layer to /opt and reads only those)";

  /** A file type that belongs in one runtime folder, found at the root instead. */
  private record RootFileKind(String extension, String language, String folder, String example) {}

  private static final List<RootFileKind> ROOT_FILE_KINDS = List.of(
      new RootFileKind(".py", "Python", "python/", "python/app.py"),
      new RootFileKind(".js", "JavaScript", "nodejs/node_modules/", "nodejs/node_modules/util.js"),
      new RootFileKind(".mjs", "JavaScript", "nodejs/node_modules/",
          "nodejs/node_modules/util.mjs"),
      new RootFileKind(".jar", "jar", "java/lib/", "java/lib/library.jar"),
      new RootFileKind(".rb", "Ruby", "ruby/lib/", "ruby/lib/helper.rb"),
      new RootFileKind(".so", "shared library", "lib/", "lib/libfoo.so"));

  private LayerLayout() {}

  static boolean onRuntimePath(String path) {
    return path.startsWith("python/") || path.startsWith("bin/") || path.startsWith("lib/")
        || path.startsWith("extensions/") || path.startsWith("java/lib/")
        || path.startsWith("ruby/gems/") || path.startsWith("ruby/lib/")
        || path.startsWith("nodejs/node_modules/") || inVersionedNodeModules(path);
  }

  /** {@code nodejs/nodeNN/node_modules/...}. */
  private static boolean inVersionedNodeModules(String path) {
    if (!path.startsWith("nodejs/node")) {
      return false;
    }
    int i = "nodejs/node".length();
    int digits = i;
    while (i < path.length() && Character.isDigit(path.charAt(i))) {
      i++;
    }
    return i > digits && path.startsWith("/node_modules/", i);
  }

  /** Findings about where the tree's files are; the tree is not empty. */
  static List<Finding> check(PackageTree tree) {
    Scan scan = new Scan();
    for (TreeEntry entry : tree.entries()) {
      if (!entry.isDirectory()) {
        scan.add(entry.path());
      }
    }
    List<String> mistakes = scan.mistakes();
    List<Finding> findings = new ArrayList<>();
    if (!scan.reachable) {
      String advice = mistakes.isEmpty() ? GENERIC_ADVICE : mistakes.get(0);
      findings.add(Finding.error(
          "no file is in a folder Lambda puts on a runtime's path; " + advice));
      return findings;
    }
    mistakes.forEach(m -> findings.add(Finding.warning(m)));
    List<String> files = scan.strayRootFiles;
    if (!files.isEmpty()) {
      findings.add(Finding.warning(files.size() + (files.size() == 1 ? " file" : " files")
          + " at the layer root (" + sample(files) + ")" + unread(files.size())));
    }
    List<String> folders = List.copyOf(scan.strayFolders);
    if (!folders.isEmpty()) {
      findings.add(Finding.warning((folders.size() == 1 ? "folder " : "folders ")
          + sample(folders) + " at the layer root" + unread(folders.size())));
    }
    return findings;
  }

  private static String unread(int count) {
    boolean one = count == 1;
    String them = one ? "it" : "them";
    return (one ? " is" : " are") + " on no runtime's path; Lambda extracts " + them
        + " to /opt where nothing reads " + them;
  }

  /** What one pass over the file and link paths learns. */
  private static final class Scan {
    boolean reachable;
    boolean sitePackagesAtRoot;
    boolean nodeModulesAtRoot;
    boolean pythonSitePackages;
    boolean nodejsNested;
    boolean nodejsReachable;
    boolean javaNested;
    boolean javaReachable;
    String venvPython;
    final Map<RootFileKind, List<String>> rootFilesByKind = new LinkedHashMap<>();
    final List<String> strayRootFiles = new ArrayList<>();
    final Set<String> strayFolders = new TreeSet<>(PackageTree.PATH_ORDER);

    void add(String path) {
      boolean onPath = onRuntimePath(path);
      reachable |= onPath;
      int slash = path.indexOf('/');
      if (slash < 0) {
        addRootFile(path);
        return;
      }
      String top = path.substring(0, slash);
      switch (top) {
        case "site-packages" -> sitePackagesAtRoot = true;
        case "node_modules" -> nodeModulesAtRoot = true;
        case "python" -> pythonSitePackages |= path.startsWith("python/site-packages/");
        case "nodejs" -> {
          nodejsNested |= path.indexOf('/', slash + 1) > 0;
          nodejsReachable |= onPath;
        }
        case "java" -> {
          javaNested |= path.indexOf('/', slash + 1) > 0;
          javaReachable |= onPath;
        }
        case "lib" -> {
          if (venvPython == null && path.startsWith("lib/python")) {
            Matcher venv = VENV_AT_ROOT.matcher(path);
            venvPython = venv.matches() ? venv.group(1) : null;
          }
        }
        default -> {
          if (!KNOWN_TOP_LEVEL.contains(top)) {
            strayFolders.add(top + "/");
          }
        }
      }
    }

    private void addRootFile(String path) {
      String lower = path.toLowerCase(Locale.ROOT);
      for (RootFileKind kind : ROOT_FILE_KINDS) {
        if (lower.endsWith(kind.extension())) {
          rootFilesByKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(path);
          return;
        }
      }
      strayRootFiles.add(path);
    }

    /** The common layout mistakes, most specific first, each with where the files should go. */
    List<String> mistakes() {
      List<String> mistakes = new ArrayList<>();
      if (sitePackagesAtRoot) {
        mistakes.add("site-packages/ is at the layer root, where Python never looks;"
            + " move its contents under python/ (e.g. python/requests/...)");
      }
      if (nodeModulesAtRoot) {
        mistakes.add("node_modules/ is at the layer root, where Node.js never looks;"
            + " move it under nodejs/node_modules/ (e.g. nodejs/node_modules/lodash/...)");
      }
      rootFilesByKind.forEach((kind, files) -> mistakes.add(kind.language()
          + " files are at the layer root (" + sample(files) + "), where no runtime looks; move"
          + " them under " + kind.folder() + " (e.g. " + kind.example() + ")"));
      if (venvPython != null) {
        mistakes.add("lib/" + venvPython + "/site-packages/ is not on Python's path (lib/ is for"
            + " shared libraries); move it under python/ (e.g. python/lib/" + venvPython
            + "/site-packages/...)");
      }
      if (pythonSitePackages) {
        mistakes.add("python/site-packages/ is not on Python's path; put packages directly under"
            + " python/ (e.g. python/requests/...) or under python/lib/pythonX.Y/site-packages/");
      }
      if (nodejsNested && !nodejsReachable) {
        mistakes.add("nodejs/ has no node_modules/ folder, and Node.js reads only"
            + " nodejs/node_modules/; move the packages there"
            + " (e.g. nodejs/node_modules/lodash/...)");
      }
      if (javaNested && !javaReachable) {
        mistakes.add("java/ has no lib/ folder, and the Java runtime reads only java/lib/;"
            + " move the jars there (e.g. java/lib/library.jar)");
      }
      return mistakes;
    }
  }

  /** Up to three names, then how many more. */
  private static String sample(List<String> names) {
    List<String> shown = names.stream().limit(3).map(PathRules::printable).toList();
    String more = names.size() > 3 ? ", and " + (names.size() - 3) + " more" : "";
    return String.join(", ", shown) + more;
  }
}
