package io.layerkit.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jar twice the heap is hashed and scanned for its coordinates while it is archived, in a child
 * JVM with a 32 MB heap: its {@code pom.properties} comes after a 64 MB entry, so the scan walks
 * the whole jar as it passes, holding none of it.
 */
class LargeJarInSmallHeapTest {
  private static final int MB = 1024 * 1024;

  @TempDir Path dir;

  @Test
  void aJarTwiceTheHeapIsScannedWhileItIsArchived() throws Exception {
    Path jar = dir.resolve("repo/layers/big/java/lib/big-2.0.jar");
    Files.createDirectories(jar.getParent());
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out)) {
      zip.setLevel(0); // deflate without compressing: the size is the point, not the ratio
      zip.putNextEntry(new JarEntry("data/random.bin"));
      Random random = new Random(5);
      byte[] block = new byte[MB];
      for (int i = 0; i < 64; i++) {
        random.nextBytes(block);
        zip.write(block);
      }
      zip.closeEntry();
      zip.putNextEntry(new JarEntry("META-INF/maven/org.example/big/pom.properties"));
      zip.write("groupId=org.example\nartifactId=big\nversion=2.0\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx32m", "-cp",
        System.getProperty("java.class.path"), Child.class.getName(),
        dir.resolve("repo").toString(), dir.resolve("big.zip").toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output.strip()).isEqualTo("pkg:maven/org.example/big@2.0 "
        + SbomOfFixtureLayerTest.sha256(jar));
  }

  /** Runs in the child JVM: prints the purl and SHA-256 of what the build found. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws IOException {
      ObservedBuild build = ObservedBuild.of(Path.of(args[0]), "layers/big", Path.of(args[1]), 2);
      for (Distribution found : build.distributions()) {
        System.out.println(found.purl() + " " + found.sha256());
      }
    }
  }
}
