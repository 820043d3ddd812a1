package io.layerkit.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Random package trees round-trip through the archiver exactly, read back by Commons Compress and
 * by java.util.zip, and give the same bytes with one thread and with four.
 */
class ArchiveRoundTripProperties {

  /** What one generated path holds. */
  enum Kind { TEXT, BINARY, EXECUTABLE, EMPTY, LINK, LARGE_BINARY, LARGE_TEXT, CHUNKED_TEXT,
    EMPTY_FOLDER }

  record Node(List<String> segments, Kind kind, long seed, int size) {
    String path() {
      return String.join("/", segments);
    }

    byte[] content() {
      Random random = new Random(seed);
      return switch (kind) {
        case EMPTY, EMPTY_FOLDER -> new byte[0];
        case TEXT, EXECUTABLE, LARGE_TEXT, CHUNKED_TEXT -> text(random, size);
        case BINARY, LARGE_BINARY -> {
          byte[] bytes = new byte[size];
          random.nextBytes(bytes);
          yield bytes;
        }
        case LINK -> List.of("../x", "sibling", "./a b/c", "../../日本/😀", "..", "#1")
            .get(random.nextInt(6)).getBytes(StandardCharsets.UTF_8);
      };
    }

    private static byte[] text(Random random, int size) {
      String[] words = {"import", "def", "return", "layer", "zip", "日本", "é", "\n", "    ", "#"};
      StringBuilder text = new StringBuilder();
      while (text.length() < size) {
        text.append(words[random.nextInt(words.length)]).append(' ');
      }
      return text.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }
  }

  @Provide
  Arbitrary<List<Node>> trees() {
    Arbitrary<String> segment = Arbitraries.of("a", "b", "x y", "#1", "50%", "c++", "r&d", "é",
            "日本", "😀", "-", "_", ".hidden", "ü", "A", "data.json", "mod.py")
        .list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("", parts));
    Arbitrary<List<String>> segments = segment.list().ofMinSize(1).ofMaxSize(10);
    Arbitrary<Kind> kind = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(30, Arbitraries.just(Kind.TEXT)),
        net.jqwik.api.Tuple.of(15, Arbitraries.just(Kind.BINARY)),
        net.jqwik.api.Tuple.of(10, Arbitraries.just(Kind.EXECUTABLE)),
        net.jqwik.api.Tuple.of(10, Arbitraries.just(Kind.EMPTY)),
        net.jqwik.api.Tuple.of(15, Arbitraries.just(Kind.LINK)),
        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.LARGE_BINARY)),
        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.LARGE_TEXT)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.CHUNKED_TEXT)),
        net.jqwik.api.Tuple.of(5, Arbitraries.just(Kind.EMPTY_FOLDER)));
    Arbitrary<Node> node = Combinators.combine(segments, kind, Arbitraries.longs(),
            Arbitraries.integers().between(1, 3000))
        .as((path, k, seed, size) -> new Node(path, k, seed, switch (k) {
          case LARGE_BINARY, LARGE_TEXT -> 130_000 + size * 100;
          // past one chunk: deflated in parallel chunks, the last one of any length
          case CHUNKED_TEXT -> EntryCompressor.DEFAULT_CHUNK_SIZE + size * 500;
          default -> size;
        }));
    return node.list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 50)
  void treesRoundTripExactlyAndTheBytesDoNotDependOnThreads(@ForAll("trees") List<Node> nodes)
      throws IOException {
    MemoryLayer layer = layerOf(nodes);
    Path dir = Files.createTempDirectory("layerkit-roundtrip-");
    try {
      ArchiveSettings settings = ArchiveSettings.defaults();
      Path one = new ReproducibleZipArchiver(settings.withConcurrency(1)).archive(layer.tree(),
          layer.opener(), dir.resolve("one.zip"), ArchiveProgress.NONE).file();
      Path four = new ReproducibleZipArchiver(settings.withConcurrency(4)).archive(layer.tree(),
          layer.opener(), dir.resolve("four.zip"), ArchiveProgress.NONE).file();

      assertThat(Files.readAllBytes(four)).isEqualTo(Files.readAllBytes(one));
      assertNamesSortedByTheirUtf8Bytes(one);
      assertReadByCommonsCompress(one, layer);
      assertReadByJavaUtilZip(one, layer);
    } finally {
      deleteRecursively(dir);
    }
  }

  /** The generated nodes as a layer; a path under a file, or a file over a folder, is dropped. */
  private static MemoryLayer layerOf(List<Node> nodes) {
    Map<String, Node> kept = new LinkedHashMap<>();
    for (Node node : nodes) {
      String path = node.path();
      boolean underAFile = false;
      for (int i = 1; i < node.segments().size(); i++) {
        Node parent = kept.get(String.join("/", node.segments().subList(0, i)));
        underAFile |= parent != null && parent.kind() != Kind.EMPTY_FOLDER;
      }
      boolean overSomething = kept.keySet().stream().anyMatch(p -> p.startsWith(path + "/"));
      if (kept.containsKey(path) || underAFile || (overSomething && node.kind() != Kind.EMPTY_FOLDER)) {
        continue;
      }
      kept.put(path, node);
    }
    MemoryLayer layer = new MemoryLayer();
    for (Node node : kept.values()) {
      switch (node.kind()) {
        case EMPTY_FOLDER -> layer.directory(node.path());
        case LINK -> layer.link(node.path(), new String(node.content(), StandardCharsets.UTF_8));
        default -> layer.file(node.path(), node.content(), node.kind() == Kind.EXECUTABLE);
      }
    }
    return layer;
  }

  private static void assertReadByCommonsCompress(Path zip, MemoryLayer layer) throws IOException {
    try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
      List<ZipArchiveEntry> entries = Collections.list(file.getEntries());
      assertThat(entries).extracting(ZipArchiveEntry::getName).containsExactlyElementsOf(
          layer.tree().entries().stream().map(ArchiveRoundTripProperties::zipName).toList());
      for (TreeEntry expected : layer.tree().entries()) {
        ZipArchiveEntry entry = file.getEntry(zipName(expected));
        assertThat(entry.getUnixMode() & 07777).as(expected.path()).isEqualTo(expected.unixMode());
        assertThat(entry.isUnixSymlink()).as(expected.path()).isEqualTo(expected.isSymlink());
        assertThat(entry.getExtraFields(true)).as(expected.path()).isEmpty();
        if (expected.isSymlink()) {
          assertThat(file.getUnixSymlink(entry))
              .isEqualTo(new String(layer.content(expected.path()), StandardCharsets.UTF_8));
        } else if (!expected.isDirectory()) {
          try (InputStream in = file.getInputStream(entry)) {
            assertThat(in.readAllBytes()).as(expected.path()).isEqualTo(layer.content(expected.path()));
          }
        }
      }
    }
  }

  private static void assertReadByJavaUtilZip(Path zip, MemoryLayer layer) throws IOException {
    try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
      assertThat(Collections.list(file.entries())).extracting(java.util.zip.ZipEntry::getName)
          .containsExactlyElementsOf(
              layer.tree().entries().stream().map(ArchiveRoundTripProperties::zipName).toList());
      for (TreeEntry expected : layer.tree().entries()) {
        java.util.zip.ZipEntry entry = file.getEntry(zipName(expected));
        assertThat(entry.isDirectory()).isEqualTo(expected.isDirectory());
        if (!expected.isDirectory()) {
          try (InputStream in = file.getInputStream(entry)) {
            // java.util.zip knows no links: it reads a link's target as its content
            assertThat(in.readAllBytes()).as(expected.path()).isEqualTo(layer.content(expected.path()));
          }
        }
      }
    }
  }

  /** The documented order, checked against the names as stored, not against the tree's order. */
  private static void assertNamesSortedByTheirUtf8Bytes(Path zip) throws IOException {
    try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
      List<byte[]> names = Collections.list(file.getEntries()).stream()
          .map(e -> e.getName().getBytes(StandardCharsets.UTF_8)).toList();
      assertThat(names).isSortedAccordingTo(java.util.Arrays::compareUnsigned);
    }
  }

  private static String zipName(TreeEntry entry) {
    return entry.isDirectory() ? entry.path() + "/" : entry.path();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.toList());
      all.sort(Comparator.reverseOrder());
      for (Path path : all) {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
