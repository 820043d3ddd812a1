package io.layerkit.sbom;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Jars written by the JDK's own {@link JarOutputStream}, as Maven's jar plugin lays them out. */
final class Jars {
  private final Map<String, byte[]> entries = new LinkedHashMap<>();

  Jars pomProperties(String groupId, String artifactId, String version) {
    String properties = "#Created by Apache Maven 3.9.9\nartifactId=" + artifactId
        + "\ngroupId=" + groupId + "\nversion=" + version + "\n";
    return entry("META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties",
        properties.getBytes(StandardCharsets.UTF_8));
  }

  Jars entry(String name, byte[] bytes) {
    entries.put(name, bytes);
    return this;
  }

  Path write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream out = Files.newOutputStream(file);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        jar.putNextEntry(new JarEntry(entry.getKey()));
        jar.write(entry.getValue());
        jar.closeEntry();
      }
    }
    return file;
  }
}
