package io.layerkit.sbom;

import io.layerkit.archive.ContentObserver;
import io.layerkit.digest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hashes a jar as it passes and reads the Maven coordinates it carries
 * ({@code META-INF/maven/<group>/<artifact>/pom.properties}, found by {@link PomPropertiesScanner}),
 * one buffer per step: a jar of any size costs a few buffers. A jar without coordinates (or not a
 * zip at all) is reported by its file name and hash.
 */
final class JarObservation implements ContentObserver.Observation {
  private static final int STEP = 64 * 1024;

  private final InputStream content;
  private final String location;
  private final String fileName;
  private final Consumer<Distribution> done;
  private final MessageDigest sha256 = Sha256.newDigest();
  private final PomPropertiesScanner scanner = new PomPropertiesScanner();
  private final byte[] buffer = new byte[STEP];

  JarObservation(InputStream content, String location, String fileName,
      Consumer<Distribution> done) {
    this.content = content;
    this.location = location;
    this.fileName = fileName;
    this.done = done;
  }

  @Override
  public boolean advance() throws IOException {
    int n = content.read(buffer);
    if (n > 0) {
      sha256.update(buffer, 0, n);
      scanner.accept(buffer, 0, n);
      return true;
    }
    if (n == 0) {
      return true;
    }
    scanner.end();
    done.accept(distribution(Sha256.hex(sha256), scanner.found()));
    return false;
  }

  /**
   * The jar as its own coordinates say (the ones whose artifact and version begin its file name,
   * or the only ones), with the others it carries as bundled; a jar without any by its file name.
   */
  private Distribution distribution(String sha256, List<Coordinates> found) {
    Coordinates own = found.stream()
        .filter(c -> names(c, fileName))
        .max(Comparator.comparingInt(c -> (c.artifactId() + "-" + c.version()).length()))
        .orElse(found.size() == 1 ? found.get(0) : null);
    List<Distribution> bundled = found.stream().filter(c -> !c.equals(own)).distinct()
        .map(c -> c.distribution(null, List.of())).toList();
    if (own == null) {
      return new Distribution(Distribution.Kind.JAR, null, fileName, null, DeclaredLicense.NONE,
          null, sha256, List.of(location), bundled);
    }
    Distribution self = own.distribution(sha256, List.of(location));
    return new Distribution(self.kind(), self.group(), self.name(), self.version(),
        self.license(), self.purl(), sha256, self.locations(), bundled);
  }

  /** {@code greeter-1.4.2.jar}, {@code app-3.0.0-all.jar} (a classifier after the version). */
  private static boolean names(Coordinates coordinates, String fileName) {
    String stem = coordinates.artifactId() + "-" + coordinates.version();
    return fileName.equals(stem) || fileName.startsWith(stem + "-");
  }

  /** A {@code pom.properties}: the Maven coordinates of a jar, or of one it bundles. */
  record Coordinates(String groupId, String artifactId, String version) {
    Distribution distribution(String sha256, List<String> locations) {
      return new Distribution(Distribution.Kind.MAVEN, groupId, artifactId, version,
          DeclaredLicense.NONE, Purls.maven(groupId, artifactId, version), sha256, locations,
          List.of());
    }
  }
}
