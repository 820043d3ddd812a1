package io.layerkit.sbom;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One distribution found inside a layer: a Python distribution, a Node package, a Java library.
 *
 * @param kind where it comes from, which decides its package URL type
 * @param group Maven group id or npm scope (with its {@code @}); {@code null} when it has none
 * @param name the name its metadata declares
 * @param version the declared version, or {@code null} when nothing declares one
 * @param license what its metadata declares, possibly nothing
 * @param purl its package URL, or {@code null} for a jar nothing identifies
 * @param sha256 lowercase hex SHA-256 of the file it is (jars), or {@code null}
 * @param locations where it lies inside the layer (its metadata file, or the jar), sorted
 * @param bundled distributions packed inside it (the libraries a shaded jar carries), sorted
 */
public record Distribution(Kind kind, String group, String name, String version,
    DeclaredLicense license, String purl, String sha256, List<String> locations,
    List<Distribution> bundled) {

  /** Sorted by package URL (then name, version, location): the order of the SBOM. */
  public static final Comparator<Distribution> ORDER = Comparator
      .comparing((Distribution d) -> d.purl() == null ? "" : d.purl())
      .thenComparing(Distribution::name)
      .thenComparing(d -> d.version() == null ? "" : d.version())
      .thenComparing(d -> d.locations().isEmpty() ? "" : d.locations().get(0));

  /** The ecosystem a distribution belongs to. */
  public enum Kind { PYTHON, NPM, MAVEN, JAR }

  public Distribution {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(license, "license");
    locations = locations.stream().distinct().sorted().toList();
    bundled = bundled.stream().sorted(ORDER).toList();
  }

  /**
   * What tells two findings apart: the package URL, and for a jar also its bytes (two different
   * jars claiming the same coordinates are two components).
   */
  String identity() {
    return (purl != null ? purl : kind + ":" + name) + (sha256 != null ? "#" + sha256 : "");
  }

  Distribution withLocations(List<String> more) {
    return new Distribution(kind, group, name, version, license, purl, sha256,
        Stream.concat(locations.stream(), more.stream()).toList(), bundled);
  }
}
