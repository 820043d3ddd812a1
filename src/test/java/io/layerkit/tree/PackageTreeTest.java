package io.layerkit.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
  void directoryOrderFollowsBytesNotFolderFirst() {
    PackageTree tree = PackageTree.of("pkg", List.of(
        TreeEntry.file("a/b", 1, false), TreeEntry.file("a.txt", 1, false),
        TreeEntry.file("a-b", 1, false)));
    // '-' (0x2d) < '.' (0x2e) < '/' (0x2f): the order every source and every run agrees on
    assertThat(tree.entries()).extracting(TreeEntry::path)
        .containsExactly("a", "a-b", "a.txt", "a/b");
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
