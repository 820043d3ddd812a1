package io.layerkit.sbom;

import io.layerkit.archive.ContentObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Hashes a jar as it passes and reads the Maven coordinates it carries
 * ({@code META-INF/maven/<group>/<artifact>/pom.properties}), one small read per step: entries are
 * walked with a {@link ZipInputStream} over the passing bytes, never held whole, so a jar of any
 * size costs a few buffers. A jar the stream cannot walk (damaged, or an entry layout it refuses)
 * is still hashed, and reported by its file name.
 */
final class JarObservation implements ContentObserver.Observation {
  private static final int STEP = 16 * 1024;
  private static final int POM_PROPERTIES_LIMIT = 64 * 1024;

  private final String location;
  private final String fileName;
  private final Consumer<Distribution> done;
  private final DigestInputStream hashed;
  private final ZipInputStream entries;
  private final byte[] buffer = new byte[STEP];
  private final List<Coordinates> found = new ArrayList<>();
  private boolean walking = true;
  private ZipEntry current;
  private ByteArrayOutputStream properties;

  JarObservation(InputStream content, String location, String fileName,
      Consumer<Distribution> done) {
    this.location = location;
    this.fileName = fileName;
    this.done = done;
    this.hashed = new DigestInputStream(content, sha256());
    this.entries = new ZipInputStream(hashed);
  }

  @Override
  public boolean advance() throws IOException {
    if (walking) {
      try {
        walking = walkStep();
      } catch (ZipException | IllegalArgumentException e) {
        // not walkable as a zip stream; the bytes still pass and are still hashed
        walking = false;
      }
      return true;
    }
    if (hashed.read(buffer) != -1) {
      return true;
    }
    done.accept(distribution());
    return false;
  }

  /** One header, or one buffer of an entry's data; false when the entries are done. */
  private boolean walkStep() throws IOException {
    if (current == null) {
      current = entries.getNextEntry();
      if (current == null) {
        return false;
      }
      properties = isPomProperties(current.getName()) ? new ByteArrayOutputStream() : null;
      return true;
    }
    int n = entries.read(buffer);
    if (n == -1) {
      if (properties != null) {
        Coordinates.parse(properties.toByteArray()).ifPresent(found::add);
      }
      current = null;
      properties = null;
    } else if (properties != null && properties.size() + n <= POM_PROPERTIES_LIMIT) {
      properties.write(buffer, 0, n);
    }
    return true;
  }

  private static boolean isPomProperties(String name) {
    return name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")
        && name.split("/").length == 5;
  }

  /**
   * The jar as its own coordinates say (the ones whose artifact and version begin its file name,
   * or the only ones), with the others it carries as bundled; a jar without any by its file name.
   */
  private Distribution distribution() {
    String sha256 = HexFormat.of().formatHex(hashed.getMessageDigest().digest());
    Coordinates own = found.stream()
        .filter(c -> names(c, fileName))
        .max(Comparator.comparingInt(c -> (c.artifactId() + "-" + c.version()).length()))
        .orElse(found.size() == 1 ? found.get(0) : null);
    List<Distribution> bundled = found.stream().filter(c -> !c.equals(own))
        .map(c -> c.distribution(null, List.of())).distinct().toList();
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

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** A {@code pom.properties}: the Maven coordinates of a jar, or of one it bundles. */
  record Coordinates(String groupId, String artifactId, String version) {
    static Optional<Coordinates> parse(byte[] bytes) {
      Properties properties = new Properties();
      try {
        properties.load(new ByteArrayInputStream(bytes));
      } catch (IOException | IllegalArgumentException e) {
        return Optional.empty();
      }
      String group = properties.getProperty("groupId", "").trim();
      String artifact = properties.getProperty("artifactId", "").trim();
      String version = properties.getProperty("version", "").trim();
      return group.isEmpty() || artifact.isEmpty()
          ? Optional.empty()
          : Optional.of(new Coordinates(group, artifact, version.isEmpty() ? null : version));
    }

    Distribution distribution(String sha256, List<String> locations) {
      return new Distribution(Distribution.Kind.MAVEN, groupId, artifactId, version,
          DeclaredLicense.NONE, Purls.maven(groupId, artifactId, version), sha256, locations,
          List.of());
    }
  }
}
