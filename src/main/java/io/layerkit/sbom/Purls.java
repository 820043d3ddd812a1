package io.layerkit.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Locale;

/**
 * Package URLs (purl-spec) for the ecosystems a layer holds, with each type's name rules applied
 * here so that the same distribution always gets the same URL.
 */
final class Purls {
  private Purls() {}

  /** {@code pkg:pypi/<name>@<version>}, the name normalised as PEP 503 says. */
  static String pypi(String name, String version) {
    return purl(PackageURL.StandardTypes.PYPI, null, normalizePython(name), version);
  }

  /** {@code pkg:npm/<scope>/<name>@<version>}, lowercase as the purl spec asks of npm. */
  static String npm(String scope, String name, String version) {
    return purl(PackageURL.StandardTypes.NPM,
        scope == null ? null : scope.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT),
        version);
  }

  static String maven(String groupId, String artifactId, String version) {
    return purl(PackageURL.StandardTypes.MAVEN, groupId, artifactId, version);
  }

  /** PEP 503: runs of {@code -}, {@code _} and {@code .} become one {@code -}, lowercase. */
  static String normalizePython(String name) {
    return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
  }

  /** Null when the parts make no valid package URL (a name with characters none allows). */
  private static String purl(String type, String namespace, String name, String version) {
    try {
      return new PackageURL(type, namespace, name, version, null, null).canonicalize();
    } catch (MalformedPackageURLException e) {
      return null;
    }
  }
}
