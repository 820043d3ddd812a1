package io.layerkit.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackageTreeTest {

  @Test
  void addsMissingParentsAndSortsByUtf8Bytes() {
    PackageTree tree = PackageTree.of("pkg", List.of(
        TreeEntry.file("python/z.py", 1, false),
        TreeEntry.file("python/é.py", 2, false),
        TreeEntry.file("python/a b/c.py", 3, true),
        TreeEntry.symlink("bin/tool", 4)));

    assertThat(tree.entries()).extracting(TreeEntry::path).containsExactly(
        "bin", "bin/tool", "python", "python/a b", "python/a b/c.py", "python/z.py", "python/é.py");
    assertThat(tree.fileCount()).isEqualTo(4);
    assertThat(tree.unzippedSize()).isEqualTo(10);
  }

  @Test
  void ordersByTheZipNamesBytesWhereAFolderEndsWithASlash() {
    PackageTree tree = PackageTree.of("pkg", List.of(
        TreeEntry.file("a/b", 1, false), TreeEntry.file("a.txt", 1, false),
        TreeEntry.file("a-b", 1, false)));
    // '-' (0x2d) < '.' (0x2e) < '/' (0x2f): the folder is named "a/", so it follows "a.txt"
    assertThat(tree.entries()).extracting(PackageTreeTest::zipName)
        .containsExactly("a-b", "a.txt", "a/", "a/b");
  }

  @Test
  void aFolderWhoseNameASiblingExtendsComesAfterThatSiblingsWholeSubtree() {
    PackageTree tree = PackageTree.of("pkg", List.of(
        TreeEntry.file("data/acm/2015-12-08/service-2.json.gz", 1, false),
        TreeEntry.file("data/acm-pca/2017-08-22/service-2.json.gz", 1, false),
        TreeEntry.file("data/acm.json", 1, false),
        TreeEntry.file("data/a.b", 1, false),
        TreeEntry.directory("data/a")));

    assertThat(tree.entries()).extracting(PackageTreeTest::zipName).containsExactly(
        "data/",
        "data/a.b",
        "data/a/",
        "data/acm-pca/",
        "data/acm-pca/2017-08-22/",
        "data/acm-pca/2017-08-22/service-2.json.gz",
        "data/acm.json",
        "data/acm/",
        "data/acm/2015-12-08/",
        "data/acm/2015-12-08/service-2.json.gz");
  }

  @Test
  void ordersNonAsciiNamesByTheirUtf8BytesNotByJavasUtf16Order() {
    // U+FFFD is EF BF BD in UTF-8 and U+1F600 is F0 9F 98 80; in UTF-16 the emoji's surrogate
    // D83D sorts first, which is not byte order
    PackageTree tree = PackageTree.of("pkg", List.of(
        TreeEntry.file("x/\uD83D\uDE00", 1, false),
        TreeEntry.file("x/\uFFFD", 1, false),
        TreeEntry.file("x/\u00e9", 1, false),
        TreeEntry.file("x/z", 1, false),
        TreeEntry.directory("x/\u00e9t\u00e9")));

    List<String> names = tree.entries().stream().map(PackageTreeTest::zipName).toList();
    assertThat(names).containsExactly(
        "x/", "x/z", "x/\u00e9", "x/\u00e9t\u00e9/", "x/\uFFFD", "x/\uD83D\uDE00");
    assertThat(names).isSortedAccordingTo(PackageTreeTest::compareUtf8);
  }

  @Test
  void theEntryOrderAgreesWithComparingTheEncodedNamesForAnyNames() {
    Random random = new Random(11);
    String[] parts = {"a", "a-b", "a.b", "b", "/", "\u00e9", "\uFFFD", "\uD83D\uDE00",
        "\uE000", " ", "~", "0"};
    for (int round = 0; round < 2000; round++) {
      String a = randomPath(random, parts);
      String b = randomPath(random, parts);
      boolean aDir = random.nextBoolean();
      boolean bDir = random.nextBoolean();
      int expected = Integer.signum(compareUtf8(aDir ? a + "/" : a, bDir ? b + "/" : b));
      int actual = Integer.signum(PackageTree.ENTRY_ORDER.compare(
          aDir ? TreeEntry.directory(a) : TreeEntry.file(a, 0, false),
          bDir ? TreeEntry.directory(b) : TreeEntry.file(b, 0, false)));
      assertThat(actual).as("%s%s vs %s%s", a, aDir ? "/" : "", b, bDir ? "/" : "")
          .isEqualTo(expected);
      assertThat(Integer.signum(PackageTree.PATH_ORDER.compare(a, b)))
          .isEqualTo(Integer.signum(compareUtf8(a, b)));
    }
  }

  private static String randomPath(Random random, String[] parts) {
    StringBuilder path = new StringBuilder("p");
    for (int i = random.nextInt(4); i >= 0; i--) {
      path.append(parts[random.nextInt(parts.length)]);
    }
    return path.toString().replaceAll("/+$", "");
  }

  private static int compareUtf8(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String zipName(TreeEntry entry) {
    return entry.isDirectory() ? entry.path() + "/" : entry.path();
  }

  @Test
  void refusesUnsafeAndConflictingEntries() {
    assertThatThrownBy(() -> PackageTree.of("pkg", List.of(TreeEntry.file("../x", 1, false))))
        .isInstanceOf(UnsafePathException.class);
    assertThatThrownBy(() -> PackageTree.of("pkg", List.of(
        TreeEntry.file("a", 1, false), TreeEntry.file("a/b", 1, false))))
        .hasMessageContaining("'a' is both a file and a folder");
  }

  @Test
  void emptyWhenOnlyFolders() {
    assertThat(PackageTree.of("pkg", List.of(TreeEntry.directory("python"))).isEmpty()).isTrue();
  }

  @Test
  void modesFollowTheArchiveRules() {
    assertThat(TreeEntry.file("a", 0, false).unixMode()).isEqualTo(0644);
    assertThat(TreeEntry.file("a", 0, true).unixMode()).isEqualTo(0755);
    assertThat(TreeEntry.directory("a").unixMode()).isEqualTo(0755);
    assertThat(TreeEntry.symlink("a", 1).unixMode()).isEqualTo(0777);
  }
}
