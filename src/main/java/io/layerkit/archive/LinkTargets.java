package io.layerkit.archive;

import io.layerkit.tree.PathRules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a layer's symbolic links point once Lambda has extracted the layer to {@code /opt}.
 *
 * <p>A link is kept as a link whatever its target (DESIGN), so nothing here is an error; each
 * finding is a warning because the link is legal but usually a mistake:
 * <ul>
 *   <li>a target that leads outside {@code /opt}: absolute elsewhere, or relative with enough
 *       {@code ..} (resolved against the link's folder, the way the kernel does) to leave the
 *       layer. It works only if the runtime image has that file; usually the link was copied from
 *       a build machine;
 *   <li>an absolute target inside {@code /opt}: it works in Lambda, but nowhere else the layer is
 *       unpacked (tests, container images), where a relative target would;
 *   <li>an empty target, which nothing can follow.
 * </ul>
 * {@link #dangling} adds, where the whole tree is known (inspecting a zip), the relative links
 * whose target this layer does not hold: fine only if another layer provides it.
 */
final class LinkTargets {
  private static final String LAYER_ROOT = "/opt";

  private LinkTargets() {}

  /** Findings for each link, in the order of {@code targetsByPath}. */
  static List<Finding> check(Map<String, String> targetsByPath) {
    List<Finding> findings = new ArrayList<>();
    targetsByPath.forEach((path, target) -> {
      String link = describe(path, target);
      if (target.isEmpty()) {
        findings.add(Finding.warning(link + " has an empty target; nothing can follow it"));
        return;
      }
      String resolved = resolve(path, target);
      if (!insideLayer(resolved)) {
        findings.add(Finding.warning(link + " points outside the layer, to "
            + PathRules.printable(resolved) + "; legal, but it works only if the Lambda runtime"
            + " has that file (usually a link copied from a build machine)"));
      } else if (target.startsWith("/")) {
        findings.add(Finding.warning(link + " is absolute; it works where Lambda extracts the"
            + " layer (/opt) but nowhere else; a relative target works everywhere"));
      }
    });
    return findings;
  }

  /** Relative links inside the layer whose target is not among {@code paths}. */
  static List<Finding> dangling(Set<String> paths, Map<String, String> targetsByPath) {
    List<Finding> findings = new ArrayList<>();
    targetsByPath.forEach((path, target) -> {
      String resolved = target.isEmpty() ? LAYER_ROOT : resolve(path, target);
      if (!target.startsWith("/") && resolved.startsWith(LAYER_ROOT + "/")
          && !paths.contains(resolved.substring(LAYER_ROOT.length() + 1))) {
        findings.add(Finding.warning(describe(path, target) + " points to "
            + PathRules.printable(resolved) + ", which this layer does not contain; it works"
            + " only if another layer provides it"));
      }
    });
    return findings;
  }

  private static boolean insideLayer(String resolved) {
    return resolved.equals(LAYER_ROOT) || resolved.startsWith(LAYER_ROOT + "/");
  }

  private static String describe(String path, String target) {
    return "link '" + PathRules.printable(path) + "' -> '" + PathRules.printable(target) + "'";
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
