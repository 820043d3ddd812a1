package io.layerkit.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.tree.EntryKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveInspectorTest {
  private final ArchiveInspector inspector = new ArchiveInspector(LayerLimits.lambdaDefaults());

  @TempDir Path dir;

  private ArchiveResult layerkitZip(MemoryLayer layer) throws IOException {
    return new ReproducibleZipArchiver(ArchiveSettings.defaults())
        .archive(layer.tree(), layer.opener(), dir.resolve("layer.zip"), ArchiveProgress.NONE);
  }

  /** Writes a zip entry by entry with Commons Compress, the way other tools lay them out. */
  private Path craftedZip(String name, String encoding, boolean utf8Flag, Crafted... entries)
      throws IOException {
    Path zip = dir.resolve(name);
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      out.setEncoding(encoding);
      out.setUseLanguageEncodingFlag(utf8Flag);
      for (Crafted crafted : entries) {
        ZipArchiveEntry entry = new ZipArchiveEntry(crafted.name());
        if (crafted.unixMode() != 0) {
          entry.setUnixMode(crafted.unixMode());
        }
        entry.setTime(crafted.millis());
        out.putArchiveEntry(entry);
        out.write(crafted.content().getBytes(StandardCharsets.UTF_8));
        out.closeArchiveEntry();
      }
    }
    return zip;
  }

  private static final long FIXED_TIME = 1_700_000_000_000L;

  private record Crafted(String name, int unixMode, long millis, String content) {
    static Crafted file(String name, String content) {
      return new Crafted(name, UnixStat.FILE_FLAG | 0644, FIXED_TIME, content);
    }

    static Crafted folder(String name) {
      return new Crafted(name, UnixStat.DIR_FLAG | 0755, FIXED_TIME, "");
    }
  }

  @Test
  void describesALayerkitZipEntryByEntryWithNoFinding() throws IOException {
    MemoryLayer layer = ReproducibleZipArchiverTest.sampleLayer();
    ArchiveResult written = layerkitZip(layer);

    ArchiveInspection inspection = inspector.inspect(written.file());

    assertThat(inspection.sha256()).isEqualTo(written.sha256());
    assertThat(inspection.size()).isEqualTo(written.size());
    assertThat(inspection.files()).isEqualTo(written.files());
    assertThat(inspection.unzippedSize()).isEqualTo(written.unzippedSize());
    assertThat(inspection.contentDigest()).isEqualTo(written.contentDigest());
    assertThat(inspection.validation().findings()).isEmpty();
    assertThat(inspection.entries()).extracting(InspectedEntry::name).startsWith(
        "bin/", "bin/tool", "bin/tool-link", "empty-folder/");
    InspectedEntry tool = inspection.entries().get(1);
    assertThat(tool).isEqualTo(new InspectedEntry("bin/tool", EntryKind.FILE, 0755, 20, 20,
        "stored", LocalDateTime.of(1980, 1, 1, 0, 0), List.of(), java.util.Optional.empty()));
    assertThat(tool.octalMode()).isEqualTo("0755");
    assertThat(inspection.entries().get(2).linkTarget()).contains("tool");
    assertThat(inspection.entries()).filteredOn(e -> e.name().endsWith("__init__.py"))
        .singleElement().satisfies(e -> assertThat(e.method()).isEqualTo("deflated"));
  }

  @Test
  void reportsWhatMakesAnotherToolsZipIrreproducible() throws IOException {
    Path zip = craftedZip("other.zip", "UTF-8", true,
        Crafted.file("python/b.py", "b"),
        Crafted.file("python/a.py", "a"),
        new Crafted("python/c.py", UnixStat.FILE_FLAG | 0664, 1_600_000_000_000L, "c"),
        new Crafted("python/d.py", 0, 1_700_000_000_000L, "d"));

    ArchiveInspection inspection = inspector.inspect(zip);

    assertThat(inspection.validation().hasErrors()).isFalse();
    assertThat(inspection.validation().warnings()).containsExactlyInAnyOrder(
        "entries are not sorted by the UTF-8 bytes of their names ('python/a.py' comes after"
            + " 'python/b.py'); a reproducible zip lists them in one fixed order",
        "entries carry 2 different timestamps (from "
            + inspection.entries().get(2).modified() + " to "
            + inspection.entries().get(0).modified() + "); a reproducible zip stamps every entry"
            + " with one fixed time",
        "1 entry has no Unix mode (the zip was made on a non-Unix system), so Lambda extracts"
            + " them without executable bits",
        "1 entry has a mode layerkit would not write (e.g. 'python/c.py' 0664); layerkit writes"
            + " 0644 and 0755 files, 0755 folders and 0777 links");
  }

  @Test
  void judgesEntryOrderByTheNamesBytesWithAFoldersSlash() throws IOException {
    // a walk that puts a folder's contents right after it: 'acm/' before 'acm-pca/', though '-'
    // sorts before '/'
    Path walked = craftedZip("walked.zip", "UTF-8", true,
        Crafted.folder("python/"), Crafted.folder("python/acm/"),
        Crafted.file("python/acm/a.json", "a"), Crafted.folder("python/acm-pca/"),
        Crafted.file("python/acm-pca/b.json", "b"));
    Path sorted = craftedZip("sorted.zip", "UTF-8", true,
        Crafted.folder("python/"), Crafted.folder("python/acm-pca/"),
        Crafted.file("python/acm-pca/b.json", "b"), Crafted.file("python/acm.txt", "c"),
        Crafted.folder("python/acm/"), Crafted.file("python/acm/a.json", "a"),
        Crafted.file("python/\u00e9.py", "e"), Crafted.file("python/\uD83D\uDE00.py", "f"));

    assertThat(inspector.inspect(walked).validation().warnings()).containsExactly(
        "entries are not sorted by the UTF-8 bytes of their names ('python/acm-pca/' comes after"
            + " 'python/acm/a.json'); a reproducible zip lists them in one fixed order");
    assertThat(inspector.inspect(sorted).validation().findings()).isEmpty();
  }

  @Test
  void aLayerkitZipOfFoldersThatPrefixTheirSiblingsHasNoFindingAndTheBuildsDigest()
      throws IOException {
    MemoryLayer layer = new MemoryLayer()
        .file("python/botocore/data/acm/service-2.json", "{}")
        .file("python/botocore/data/acm-pca/service-2.json", "{ }")
        .file("python/a.b", "x")
        .file("python/a/c.py", "y");
    ArchiveResult written = layerkitZip(layer);

    ArchiveInspection inspection = inspector.inspect(written.file());

    assertThat(inspection.validation().findings()).isEmpty();
    assertThat(inspection.contentDigest()).isEqualTo(written.contentDigest());
    assertThat(inspection.entries()).extracting(InspectedEntry::name).containsExactly(
        "python/", "python/a.b", "python/a/", "python/a/c.py", "python/botocore/",
        "python/botocore/data/", "python/botocore/data/acm-pca/",
        "python/botocore/data/acm-pca/service-2.json", "python/botocore/data/acm/",
        "python/botocore/data/acm/service-2.json");
  }

  @Test
  void reportsExtraFieldsButNotTheZip64OneLargeEntriesNeed() throws IOException {
    Path zip = dir.resolve("extras.zip");
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      ZipArchiveEntry entry = new ZipArchiveEntry("python/a.py");
      entry.setUnixMode(UnixStat.FILE_FLAG | 0644);
      // a time outside what DOS fields hold makes Commons Compress add extended timestamps
      entry.setLastModifiedTime(java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_123L));
      out.putArchiveEntry(entry);
      out.write('a');
      out.closeArchiveEntry();
    }

    ArchiveInspection inspection = inspector.inspect(zip);

    assertThat(inspection.entries().get(0).extraFields()).contains("0x5455");
    assertThat(inspection.validation().warnings()).anySatisfy(w -> assertThat(w)
        .startsWith("1 entry carries extra fields (0x000a, 0x5455)"));
  }

  @Test
  void entriesNoLayerMayHoldAreErrorsAndStayOutOfTheDigest() throws IOException {
    Path zip = craftedZip("evil.zip", "UTF-8", true,
        Crafted.file("python/a.py", "a"),
        Crafted.file("../../etc/cron.d/evil", "x"),
        Crafted.file("/abs/path", "x"),
        Crafted.file("python/a.py", "again"),
        Crafted.file("python/x", "file"),
        Crafted.file("python/x/y.py", "under a file"));

    ArchiveInspection inspection = inspector.inspect(zip);

    assertThat(inspection.validation().errors()).containsExactlyInAnyOrder(
        "unsafe path '../../etc/cron.d/evil': '..' segment; Lambda must never extract it",
        "unsafe path '/abs/path': absolute path; Lambda must never extract it",
        "'python/a.py' appears more than once in the zip; unzip tools disagree on which one wins",
        "'python/x' is both a file and a folder in the zip");
    assertThat(inspection.entries()).hasSize(6);
    assertThat(inspection.files()).isEqualTo(2);
    assertThatThrownBy(() -> ContentDigest.ofZip(zip))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("holds entries a layer cannot have");
  }

  @Test
  void namesThatAreNotUtf8AreErrorsAndUnflaggedUtf8NamesAreWarnings() throws IOException {
    Path latin1 = craftedZip("latin1.zip", "ISO-8859-1", false, Crafted.file("python/café.py", "x"));
    Path unflagged = craftedZip("unflagged.zip", "UTF-8", false, Crafted.file("python/café.py", "x"));

    assertThat(inspector.inspect(latin1).validation().errors()).singleElement().asString()
        .contains("is not valid UTF-8");
    assertThat(inspector.inspect(unflagged).validation().warnings()).containsExactly(
        "'python/café.py' has a non-ASCII name without the zip's UTF-8 flag; some unzip tools"
            + " will decode it differently");
  }

  @Test
  void appliesLambdasLayoutRulesToTheZipsTree() throws IOException {
    Path zip = craftedZip("flat.zip", "UTF-8", true,
        Crafted.file("site-packages/requests/__init__.py", "x"));

    assertThat(inspector.inspect(zip).validation().errors()).singleElement().asString()
        .contains("move its contents under python/");
  }

  @Test
  void relativeLinksToNothingInTheLayerAreWarnings() throws IOException {
    MemoryLayer layer = new MemoryLayer()
        .executable("bin/tool", "#!/bin/sh\n")
        .link("bin/ok", "tool")
        .link("bin/dangling", "../lib/missing.so")
        .link("bin/abs", "/opt/bin/tool");

    ArchiveInspection inspection = inspector.inspect(layerkitZip(layer).file());

    assertThat(inspection.validation().warnings()).containsExactly(
        "link 'bin/abs' -> '/opt/bin/tool' is absolute; it works where Lambda extracts the layer"
            + " (/opt) but nowhere else; a relative target works everywhere",
        "link 'bin/dangling' -> '../lib/missing.so' points to /opt/lib/missing.so, which this"
            + " layer does not contain; it works only if another layer provides it");
  }

  @Test
  void readsAZipWrittenByJavaUtilZip() throws IOException {
    Path zip = dir.resolve("jdk.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("python/"));
      out.closeEntry();
      ZipEntry file = new ZipEntry("python/mod.py");
      out.putNextEntry(file);
      out.write("print('hi')\n".repeat(20).getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }

    ArchiveInspection inspection = inspector.inspect(zip);

    assertThat(inspection.files()).isEqualTo(1);
    assertThat(inspection.unzippedSize()).isEqualTo(240);
    assertThat(inspection.entries().get(1).method()).isEqualTo("deflated");
    assertThat(inspection.entries().get(1).mode()).isEqualTo(0644);
    assertThat(inspection.validation().warnings()).contains(
        "2 entries have no Unix mode (the zip was made on a non-Unix system), so Lambda extracts"
            + " them without executable bits");
  }

  @Test
  void aFileThatIsNotAZipFailsWithOneLine() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.zip"), "just some text\nover two lines\n");

    assertThatThrownBy(() -> inspector.inspect(text))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("'" + text + "' is not a readable zip file: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aTruncatedZipFailsWithOneLine() throws IOException {
    Path whole = layerkitZip(ReproducibleZipArchiverTest.sampleLayer()).file();
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.zip"), Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> inspector.inspect(cut))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("'" + cut + "' is not a readable zip file: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aDamagedEntryFailsNamingIt() throws IOException {
    MemoryLayer layer = new MemoryLayer().file("python/data.bin",
        ReproducibleZipArchiverTest.randomBytes(2000, 9), false);
    Path zip = layerkitZip(layer).file();
    byte[] bytes = Files.readAllBytes(zip);
    int contentStart = 30 + "python/data.bin".length() + (30 + "python/".length());
    bytes[contentStart + 100] ^= 0x55;
    try (OutputStream out = Files.newOutputStream(zip)) {
      out.write(bytes);
    }

    assertThatThrownBy(() -> inspector.inspect(zip))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("entry 'python/data.bin' is corrupt: its content does not match"
            + " its CRC-32");
  }

  @Test
  void aMissingFileOrAFolderFailsWithOneLine() {
    assertThatThrownBy(() -> inspector.inspect(dir.resolve("missing.zip")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(dir.resolve("missing.zip") + ": no such file");
    assertThatThrownBy(() -> inspector.inspect(dir))
        .isInstanceOf(IOException.class)
        .hasMessage("'" + dir + "' is a folder, not a zip file");
  }
}
