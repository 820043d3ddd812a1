package io.layerkit.archive;

import io.layerkit.source.PackageTree;
import io.layerkit.source.PathRules;
import io.layerkit.source.TreeEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a layer's symbolic links point once Lambda has extracted the layer to {@code /opt}.
 *
 * <p>A link is kept as a link whatever its target (DESIGN), so nothing here is an error: a target
 * outside {@code /opt} is legal and works when the runtime image has that file, but it is usually
 * a link copied from a build machine, so it is a warning. A relative target is resolved against
 * the link's folder, {@code ..} included, the way the kernel would; an absolute target under
 * {@code /opt} that this layer holds is fine. A target inside {@code /opt} that this layer does not
 * hold is a warning too (it works only if another layer provides it).
 */
final class LinkTargets {
  private static final String LAYER_ROOT = "/opt";

  private LinkTargets() {}

  static List<Finding> check(PackageTree tree, Map<String, String> targetsByPath) {
    Set<String> paths = new HashSet<>();
    tree.entries().forEach(e -> paths.add(e.path()));
    List<Finding> findings = new ArrayList<>();
    for (TreeEntry entry : tree.entries()) {
      if (!entry.isSymlink() || !targetsByPath.containsKey(entry.path())) {
        continue;
      }
      String target = targetsByPath.get(entry.path());
      String link = "link '" + PathRules.printable(entry.path()) + "' -> '"
          + PathRules.printable(target) + "'";
      if (target.isEmpty()) {
        findings.add(Finding.warning(link + " has an empty target; no system can follow it"));
        continue;
      }
      String resolved = resolve(entry.path(), target);
      if (resolved.equals(LAYER_ROOT) || resolved.startsWith(LAYER_ROOT + "/")) {
        String inLayer = resolved.equals(LAYER_ROOT) ? "" : resolved.substring(LAYER_ROOT.length() + 1);
        if (!inLayer.isEmpty() && !paths.contains(inLayer)) {
          findings.add(Finding.warning(link + " points to " + PathRules.printable(resolved)
              + ", which this layer does not contain; it works only if another layer provides it"));
        }
      } else {
        findings.add(Finding.warning(link + " points outside the layer, to "
            + PathRules.printable(resolved) + "; legal, but it works only if the Lambda runtime"
            + " has that file (usually a link copied from a build machine)"));
      }
    }
    return findings;
  }

  /** The absolute path the link leads to once the layer sits in /opt, without following links. */
  static String resolve(String linkPath, String target) {
    Deque<String> segments = new ArrayDeque<>();
    if (!target.startsWith("/")) {
      segments.add("opt");
      String[] linkSegments = linkPath.split("/");
      for (int i = 0; i < linkSegments.length - 1; i++) {
        segments.add(linkSegments[i]);
      }
    }
    for (String segment : target.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        segments.pollLast();
      } else {
        segments.add(segment);
      }
    }
    return "/" + String.join("/", segments);
  }
}
