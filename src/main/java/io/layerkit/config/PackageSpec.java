package io.layerkit.config;

import io.layerkit.tree.PathRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One package to build.
 *
 * @param name package name; the folder's last path segment unless configured
 * @param path folder inside the source, normalised ({@code ./a//b/} is {@code a/b})
 * @param runtimes compatible runtimes (Lambda identifiers such as {@code python3.12})
 * @param architectures {@code x86_64} and/or {@code arm64}
 * @param license license info for the layer version
 * @param share accounts, organizations or {@code *} to share the layer version with
 */
public record PackageSpec(
    String name,
    String path,
    List<String> runtimes,
    List<String> architectures,
    Optional<String> license,
    List<String> share) {

  public PackageSpec {
    path = PathRules.normalizeFolder(path);
    runtimes = List.copyOf(runtimes);
    architectures = List.copyOf(architectures);
    share = List.copyOf(share);
  }

  /** A package named after its folder, with no layer settings of its own. */
  public static PackageSpec ofPath(String path) {
    return new PackageSpec(
        nameOf(path), path, List.of(), List.of(), Optional.empty(), List.of());
  }

  /** This package under another name (a {@code NAME=FOLDER} entry). */
  public PackageSpec withName(String newName) {
    return new PackageSpec(newName, path, runtimes, architectures, license, share);
  }

  /**
   * This package with the run's publishing defaults filled in: its own runtimes, architectures
   * and license win; its share list adds to the default one.
   */
  public PackageSpec withDefaults(PublishSettings defaults) {
    List<String> allShare = new ArrayList<>(defaults.share());
    share.stream().filter(p -> !allShare.contains(p)).forEach(allShare::add);
    return new PackageSpec(
        name,
        path,
        runtimes.isEmpty() ? defaults.runtimes() : runtimes,
        architectures.isEmpty() ? defaults.architectures() : architectures,
        license.or(defaults::license),
        allShare);
  }

  /** The folder's last path segment. */
  public static String nameOf(String path) {
    String trimmed = path.replaceAll("/+$", "");
    int slash = trimmed.lastIndexOf('/');
    return slash < 0 ? trimmed : trimmed.substring(slash + 1);
  }
}
