package io.layerkit.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.digest.Sha256;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentDigestTest {
  @TempDir Path dir;

  private static String sha256(String text) {
    return HexFormat.of().formatHex(Sha256.newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void isTheSha256OfTheDocumentedCanonicalText() {
    PackageTree tree = PackageTree.of("p", List.of(
        TreeEntry.file("bin/tool", 2, true),
        TreeEntry.symlink("bin/t", 4),
        TreeEntry.file("python/a b.py", 1, false)));
    Map<String, String> shas = Map.of(
        "bin/tool", sha256("#!"), "bin/t", sha256("tool"), "python/a b.py", sha256("x"));

    String expectedText = "layerkit-content-v1\n"
        + "dir 0755 - bin\n"
        + "link 0777 " + sha256("tool") + " bin/t\n"
        + "file 0755 " + sha256("#!") + " bin/tool\n"
        + "dir 0755 - python\n"
        + "file 0644 " + sha256("x") + " python/a b.py\n";
    assertThat(ContentDigest.of(tree, shas)).isEqualTo(sha256(expectedText));
  }

  @Test
  void keepsV1sLineOrderOfPathsWithoutTheFoldersSlashWhateverOrderEntriesArriveIn() {
    // the zip lists acm-pca/ before acm/; v1's text lists the folder acm first, as it always has
    PackageTree tree = PackageTree.of("p", List.of(
        TreeEntry.file("acm/a.json", 1, false),
        TreeEntry.file("acm-pca/b.json", 1, false)));
    Map<String, String> shas = Map.of("acm/a.json", sha256("a"), "acm-pca/b.json", sha256("b"));
    String v1Text = "layerkit-content-v1\n"
        + "dir 0755 - acm\n"
        + "dir 0755 - acm-pca\n"
        + "file 0644 " + sha256("b") + " acm-pca/b.json\n"
        + "file 0644 " + sha256("a") + " acm/a.json\n";

    assertThat(tree.entries()).extracting(TreeEntry::path)
        .containsExactly("acm-pca", "acm-pca/b.json", "acm", "acm/a.json");
    assertThat(ContentDigest.of(tree, shas)).isEqualTo(sha256(v1Text));
    ContentDigest reversed = new ContentDigest();
    for (int i = tree.entries().size() - 1; i >= 0; i--) {
      TreeEntry entry = tree.entries().get(i);
      reversed.add(entry, shas.get(entry.path()));
    }
    assertThat(reversed.finish()).isEqualTo(sha256(v1Text));
  }

  @Test
  void changesWithAnyPathModeOrContent() {
    Map<String, String> shas = Map.of("python/a.py", sha256("x"));
    String base = ContentDigest.of(PackageTree.of("p", List.of(TreeEntry.file("python/a.py", 1, false))), shas);

    assertThat(ContentDigest.of(PackageTree.of("p", List.of(TreeEntry.file("python/a.py", 1, true))), shas))
        .isNotEqualTo(base);
    assertThat(ContentDigest.of(PackageTree.of("p", List.of(TreeEntry.file("python/b.py", 1, false))),
        Map.of("python/b.py", sha256("x")))).isNotEqualTo(base);
    assertThat(ContentDigest.of(PackageTree.of("p", List.of(TreeEntry.file("python/a.py", 1, false))),
        Map.of("python/a.py", sha256("y")))).isNotEqualTo(base);
    assertThat(ContentDigest.of(PackageTree.of("p", List.of(TreeEntry.file("python/a.py", 1, false),
        TreeEntry.directory("python/empty"))), shas)).isNotEqualTo(base);
  }

  @Test
  void doesNotDependOnTheCompressionLevelOrThreadCountWhileTheZipDoes() throws IOException {
    MemoryLayer layer = ReproducibleZipArchiverTest.sampleLayer();
    ArchiveResult fast = new ReproducibleZipArchiver(new ArchiveSettings(
        ArchiveSettings.DEFAULT_TIMESTAMP, 1, 1)).archive(layer.tree(), layer.opener(),
        dir.resolve("fast.zip"), ArchiveProgress.NONE);
    ArchiveResult best = new ReproducibleZipArchiver(new ArchiveSettings(
        ArchiveSettings.DEFAULT_TIMESTAMP, 4, 9)).archive(layer.tree(), layer.opener(),
        dir.resolve("best.zip"), ArchiveProgress.NONE);

    assertThat(fast.sha256()).isNotEqualTo(best.sha256());
    assertThat(fast.contentDigest()).isEqualTo(best.contentDigest());
  }

  @Test
  void isRecomputedFromAnExistingZipToTheSameValue() throws IOException {
    MemoryLayer layer = ReproducibleZipArchiverTest.sampleLayer();
    ArchiveResult result = new ReproducibleZipArchiver(ArchiveSettings.defaults()).archive(
        layer.tree(), layer.opener(), dir.resolve("layer.zip"), ArchiveProgress.NONE);

    assertThat(ContentDigest.ofZip(result.file())).isEqualTo(result.contentDigest());
  }

  @Test
  void refusesATreeWithoutTheSha256OfAFile() {
    PackageTree tree = PackageTree.of("p", List.of(TreeEntry.file("python/a.py", 1, false)));
    assertThatThrownBy(() -> ContentDigest.of(tree, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("python/a.py");
  }

  @Test
  void writesModesAsFourOctalDigits() {
    assertThat(ContentDigest.octal(0755)).isEqualTo("0755");
    assertThat(ContentDigest.octal(0644)).isEqualTo("0644");
    assertThat(ContentDigest.octal(07)).isEqualTo("0007");
  }
}
