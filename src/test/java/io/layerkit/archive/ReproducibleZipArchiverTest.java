package io.layerkit.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.digest.Sha256;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproducibleZipArchiverTest {
  private static final ArchiveSettings SETTINGS =
      new ArchiveSettings(ArchiveSettings.DEFAULT_TIMESTAMP, 2, 6);

  @TempDir Path dir;

  static MemoryLayer sampleLayer() {
    return new MemoryLayer()
        .file("python/requests/__init__.py", "import os\n".repeat(400))
        .file("python/requests/empty.txt", "")
        .file("python/data/random.bin", randomBytes(5000, 1), false)
        .executable("bin/tool", "#!/bin/sh\necho tool\n")
        .link("bin/tool-link", "tool")
        .link("lib/libfoo.so", "libfoo.so.1")
        .file("lib/libfoo.so.1", randomBytes(300_000, 2), false)
        .directory("empty-folder");
  }

  static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private ArchiveResult archive(MemoryLayer layer, ArchiveSettings settings, String name)
      throws IOException {
    return new ReproducibleZipArchiver(settings)
        .archive(layer.tree(), layer.opener(), dir.resolve(name), ArchiveProgress.NONE);
  }

  @Test
  void writesEntriesInTreeOrderWithDirectoriesAsEntries() throws IOException {
    MemoryLayer layer = sampleLayer();
    ArchiveResult result = archive(layer, SETTINGS, "layer.zip");

    List<String> expected = layer.tree().entries().stream()
        .map(e -> e.isDirectory() ? e.path() + "/" : e.path()).toList();
    assertThat(RawZip.read(result.file()).names()).containsExactlyElementsOf(expected);
    assertThat(expected).startsWith("bin/", "bin/tool", "bin/tool-link", "empty-folder/", "lib/");
  }

  @Test
  void storesUnixModesTypesAndPlatformAndFlagsEveryNameAsUtf8() throws IOException {
    RawZip zip = RawZip.read(archive(sampleLayer(), SETTINGS, "layer.zip").file());

    assertThat(zip.header("bin/").unixMode()).isEqualTo(0040755);
    assertThat(zip.header("bin/tool").unixMode()).isEqualTo(0100755);
    assertThat(zip.header("bin/tool-link").unixMode()).isEqualTo(0120777);
    assertThat(zip.header("python/requests/__init__.py").unixMode()).isEqualTo(0100644);
    for (RawZip.Header header : zip.headers()) {
      assertThat(header.platform()).as(header.name()).isEqualTo(3);
      assertThat(header.flags() & 0x800).as(header.name()).isEqualTo(0x800);
      assertThat(header.localFlags()).as(header.name()).isEqualTo(header.flags());
      assertThat(header.flags() & 0x8).as("no data descriptor for " + header.name()).isZero();
    }
  }

  @Test
  void writesNoExtraFieldAtAll() throws IOException {
    RawZip zip = RawZip.read(archive(sampleLayer(), SETTINGS, "layer.zip").file());

    for (RawZip.Header header : zip.headers()) {
      assertThat(header.centralExtraLength()).as(header.name()).isZero();
      assertThat(header.localExtraLength()).as(header.name()).isZero();
    }
  }

  @Test
  void stampsEveryEntryWithTheTimestampAsItsUtcWallClock() throws IOException {
    ArchiveSettings settings = SETTINGS.withTimestamp(Instant.parse("2024-05-06T07:08:10Z"));
    RawZip zip = RawZip.read(archive(sampleLayer(), settings, "layer.zip").file());

    for (RawZip.Header header : zip.headers()) {
      assertThat(header.dosDateTime()).as(header.name()).isEqualTo("2024-05-06 07:08:10");
      assertThat(header.localDosTime()).as(header.name()).isEqualTo(header.dosTime());
    }
  }

  @Test
  void writesTheSameBytesInEveryTimeZoneEvenInADaylightSavingGap() throws IOException {
    // 02:30 on 2024-03-31 does not exist in Berlin: clocks jumped from 02:00 to 03:00
    Instant gap = Instant.parse("2024-03-31T02:30:00Z");
    List<String> zones = List.of("UTC", "Europe/Berlin", "America/Sao_Paulo", "Pacific/Kiritimati",
        "Asia/Kathmandu", "America/St_Johns");
    TimeZone original = TimeZone.getDefault();
    List<byte[]> gapZips = new ArrayList<>();
    List<byte[]> defaultZips = new ArrayList<>();
    try {
      for (String zone : zones) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        Path gapZip = archive(sampleLayer(), SETTINGS.withTimestamp(gap), zone.replace('/', '_') + "-gap.zip").file();
        Path defaultZip = archive(sampleLayer(), SETTINGS, zone.replace('/', '_') + ".zip").file();
        gapZips.add(Files.readAllBytes(gapZip));
        defaultZips.add(Files.readAllBytes(defaultZip));
        assertThat(RawZip.read(gapZip).headers())
            .allSatisfy(h -> assertThat(h.dosDateTime()).as(zone).isEqualTo("2024-03-31 02:30:00"));
        assertThat(RawZip.read(defaultZip).headers())
            .allSatisfy(h -> assertThat(h.dosDateTime()).as(zone).isEqualTo("1980-01-01 00:00:00"));
      }
    } finally {
      TimeZone.setDefault(original);
    }
    assertThat(gapZips).allSatisfy(bytes -> assertThat(bytes).isEqualTo(gapZips.get(0)));
    assertThat(defaultZips).allSatisfy(bytes -> assertThat(bytes).isEqualTo(defaultZips.get(0)));
  }

  @Test
  void theSha256ReportedMatchesTheFileAlsoWhenTimesWereRewritten() throws IOException {
    TimeZone original = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
      ArchiveResult result = archive(sampleLayer(),
          SETTINGS.withTimestamp(Instant.parse("2024-03-31T02:30:00Z")), "gap.zip");
      assertThat(result.sha256()).isEqualTo(Sha256.of(result.file()));
    } finally {
      TimeZone.setDefault(original);
    }
  }

  @Test
  void writesTheSameBytesForAnyConcurrency() throws IOException {
    byte[] one = Files.readAllBytes(archive(sampleLayer(), SETTINGS.withConcurrency(1), "1.zip").file());
    for (int threads : new int[] {2, 3, 4, 8}) {
      Path zip = archive(sampleLayer(), SETTINGS.withConcurrency(threads), threads + ".zip").file();
      assertThat(Files.readAllBytes(zip)).as(threads + " threads").isEqualTo(one);
    }
  }

  @Test
  void writesTheSameBytesForAnyConcurrencyWhenLargeFilesAreDeflatedInChunks() throws IOException {
    MemoryLayer layer = new MemoryLayer();
    for (int i = 0; i < 6; i++) {
      // text of 5 to 10 chunks, then small files between them, then one incompressible
      layer.file("python/lib" + i + ".py", ("def f" + i + "(x):\n    return x * " + i + "\n")
          .repeat(2000 + i * 700).getBytes(StandardCharsets.UTF_8), false);
      layer.file("python/small" + i + ".py", "x = " + i + "\n");
    }
    layer.file("python/blob.bin", randomBytes(200_000, 6), false);
    int chunk = 16 * 1024;

    List<byte[]> zips = new ArrayList<>();
    for (int threads : new int[] {1, 2, 3, 8}) {
      zips.add(Files.readAllBytes(new ReproducibleZipArchiver(SETTINGS.withConcurrency(threads),
          64 * 1024, 1024, chunk).archive(layer.tree(), layer.opener(),
          dir.resolve(threads + ".zip"), ArchiveProgress.NONE).file()));
    }

    assertThat(zips).allSatisfy(bytes -> assertThat(bytes).isEqualTo(zips.get(0)));
    try (ZipFile zip = ZipFile.builder().setPath(dir.resolve("1.zip")).get()) {
      for (TreeEntry entry : layer.tree().entries()) {
        if (!entry.isDirectory()) {
          try (InputStream in = zip.getInputStream(zip.getEntry(entry.path()))) {
            assertThat(in.readAllBytes()).as(entry.path()).isEqualTo(layer.content(entry.path()));
          }
        }
      }
    }
    assertThat(RawZip.read(dir.resolve("1.zip")).header("python/lib5.py").method())
        .isEqualTo(ZipEntry.DEFLATED);
    assertThat(listing(dir)).containsExactly("1.zip", "2.zip", "3.zip", "8.zip");
  }

  @Test
  void storesWhatDeflatingDoesNotShrinkAndDeflatesTheRest() throws IOException {
    RawZip zip = RawZip.read(archive(sampleLayer(), SETTINGS, "layer.zip").file());

    assertThat(zip.header("python/requests/__init__.py").method()).isEqualTo(ZipEntry.DEFLATED);
    assertThat(zip.header("python/data/random.bin").method()).isEqualTo(ZipEntry.STORED);
    assertThat(zip.header("lib/libfoo.so.1").method()).isEqualTo(ZipEntry.STORED);
    assertThat(zip.header("python/requests/empty.txt").method()).isEqualTo(ZipEntry.STORED);
    assertThat(zip.header("bin/tool-link").method()).isEqualTo(ZipEntry.STORED);
    assertThat(zip.header("python/data/random.bin").compressedSize()).isEqualTo(5000);
  }

  @Test
  void readsBackExactlyTheContentsModesAndLinkTargets() throws IOException {
    MemoryLayer layer = sampleLayer();
    ArchiveResult result = archive(layer, SETTINGS, "layer.zip");

    try (ZipFile zip = ZipFile.builder().setPath(result.file()).get()) {
      for (TreeEntry entry : layer.tree().entries()) {
        String name = entry.isDirectory() ? entry.path() + "/" : entry.path();
        ZipArchiveEntry zipEntry = zip.getEntry(name);
        assertThat(zipEntry).as(name).isNotNull();
        assertThat(zipEntry.getUnixMode() & 07777).as(name).isEqualTo(entry.unixMode());
        assertThat(zipEntry.isUnixSymlink()).as(name).isEqualTo(entry.isSymlink());
        if (!entry.isDirectory()) {
          try (InputStream in = zip.getInputStream(zipEntry)) {
            assertThat(in.readAllBytes()).as(name).isEqualTo(layer.content(entry.path()));
          }
        }
      }
      assertThat(zip.getUnixSymlink(zip.getEntry("bin/tool-link"))).isEqualTo("tool");
    }
  }

  @Test
  void reportsTheZipsDigestSizeCountsAndContentDigest() throws IOException {
    MemoryLayer layer = sampleLayer();
    ArchiveResult result = archive(layer, SETTINGS, "layer.zip");

    assertThat(result.file()).isEqualTo(dir.resolve("layer.zip"));
    assertThat(result.sha256()).isEqualTo(Sha256.of(result.file()));
    assertThat(result.size()).isEqualTo(Files.size(result.file()));
    assertThat(result.files()).isEqualTo(7);
    assertThat(result.unzippedSize()).isEqualTo(layer.tree().unzippedSize());
    assertThat(result.contentDigest()).isEqualTo(ContentDigest.ofZip(result.file()));
    assertThat(result.linkTargets()).containsExactly(
        java.util.Map.entry("bin/tool-link", "tool"), java.util.Map.entry("lib/libfoo.so", "libfoo.so.1"));
  }

  @Test
  void tellsProgressOncePerFileAndLinkInTreeOrderOnTheCallingThread() throws IOException {
    MemoryLayer layer = sampleLayer();
    List<String> reported = new ArrayList<>();
    List<Long> bytes = new ArrayList<>();
    Thread caller = Thread.currentThread();
    new ReproducibleZipArchiver(SETTINGS).archive(layer.tree(), layer.opener(),
        dir.resolve("layer.zip"), (entry, size) -> {
          assertThat(Thread.currentThread()).isSameAs(caller);
          reported.add(entry.path());
          bytes.add(size);
        });

    assertThat(reported).containsExactlyElementsOf(layer.tree().entries().stream()
        .filter(e -> !e.isDirectory()).map(TreeEntry::path).toList());
    assertThat(bytes.stream().mapToLong(Long::longValue).sum()).isEqualTo(layer.tree().unzippedSize());
    assertThat(layer.timesOpened()).isEqualTo(7);
  }

  @Test
  void replacesAnExistingTargetAndLeavesNothingElseInItsFolder() throws IOException {
    Path target = dir.resolve("layer.zip");
    Files.writeString(target, "old");
    new ReproducibleZipArchiver(SETTINGS).archive(sampleLayer().tree(), sampleLayer().opener(),
        target, ArchiveProgress.NONE);

    assertThat(Files.readAllBytes(target)).startsWith(0x50, 0x4b, 0x03, 0x04);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void createsTheTargetFolderWhenMissing() throws IOException {
    Path target = dir.resolve("out/nested/layer.zip");
    new ReproducibleZipArchiver(SETTINGS).archive(sampleLayer().tree(), sampleLayer().opener(),
        target, ArchiveProgress.NONE);

    assertThat(target).isRegularFile();
  }

  @Test
  void aShorterContentThanListedFailsNamingThePathAndLeavesNothing() throws IOException {
    PackageTree tree = PackageTree.of("p", List.of(TreeEntry.file("python/a.py", 10, false),
        TreeEntry.file("python/b.py", 100, false)));
    ContentOpener opener = entry -> InputStream.nullInputStream();
    Path target = dir.resolve("layer.zip");

    assertThatThrownBy(() -> new ReproducibleZipArchiver(SETTINGS).archive(tree, opener, target,
        ArchiveProgress.NONE))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("'python/a.py' has 0 bytes but was listed with 10");
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void aLongerContentThanListedFailsWithItsRealLength() throws IOException {
    PackageTree tree = PackageTree.of("p", List.of(TreeEntry.file("python/a.py", 3, false)));
    byte[] longer = randomBytes(200_000, 3);
    ContentOpener opener = entry -> new java.io.ByteArrayInputStream(longer);

    assertThatThrownBy(() -> new ReproducibleZipArchiver(SETTINGS).archive(tree, opener,
        dir.resolve("layer.zip"), ArchiveProgress.NONE))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("'python/a.py' has 200000 bytes but was listed with 3");
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void aReadFailingMidwayNamesTheEntryAndLeavesNoTargetTempOrSpillFile() throws IOException {
    MemoryLayer layer = new MemoryLayer();
    for (int i = 0; i < 40; i++) {
      layer.file("python/big" + i + ".bin", randomBytes(20_000, i), false);
    }
    layer.file("python/broken.py", "x".repeat(50_000));
    ContentOpener opener = entry -> entry.path().equals("python/broken.py")
        ? new FailingStream(layer.content(entry.path()), 20_000)
        : layer.opener().open(entry);
    Path target = dir.resolve("layer.zip");
    Files.writeString(target, "the previous zip");

    // a small spill threshold makes finished entries wait in temporary files
    assertThatThrownBy(() -> new ReproducibleZipArchiver(SETTINGS.withConcurrency(4), 1024,
        ReproducibleZipArchiver.DEFAULT_PROBE_SIZE).archive(layer.tree(), opener, target,
        ArchiveProgress.NONE))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot read 'python/broken.py': connection reset after 20000 bytes");
    assertThat(listing(dir)).containsExactly("layer.zip");
    assertThat(Files.readString(target)).isEqualTo("the previous zip");
  }

  @Test
  void anOpenerThrowingARuntimeExceptionIsReportedWithThePath() throws IOException {
    PackageTree tree = PackageTree.of("p", List.of(TreeEntry.file("bin/tool", 3, true)));
    ContentOpener opener = entry -> {
      throw new IllegalStateException("source closed");
    };

    assertThatThrownBy(() -> new ReproducibleZipArchiver(SETTINGS).archive(tree, opener,
        dir.resolve("layer.zip"), ArchiveProgress.NONE))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot read 'bin/tool': source closed");
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void finishedEntriesWaitInSpillFilesAboveTheThresholdWhichAreDeletedAfterwards()
      throws IOException {
    // 'a.bin' comes first in the zip; its opener waits until 'b.bin', done by the other worker,
    // sits in a spill file waiting for the writer
    byte[] big = HexFormat.of().formatHex(randomBytes(50_000, 4)).getBytes(StandardCharsets.UTF_8);
    MemoryLayer layer = new MemoryLayer().file("a.bin", "a").file("b.bin", big, false);
    List<String> seenWhileWaiting = new ArrayList<>();
    ContentOpener opener = entry -> {
      if (entry.path().equals("a.bin")) {
        seenWhileWaiting.addAll(waitForSpillFile(dir));
      }
      return layer.opener().open(entry);
    };

    ArchiveResult result = new ReproducibleZipArchiver(SETTINGS.withConcurrency(2), 4096,
        ReproducibleZipArchiver.DEFAULT_PROBE_SIZE).archive(layer.tree(), opener,
        dir.resolve("layer.zip"), ArchiveProgress.NONE);

    assertThat(seenWhileWaiting).anySatisfy(name -> assertThat(name).startsWith(".layerkit-spill-"));
    assertThat(listing(dir)).containsExactly("layer.zip");
    byte[] inMemory = Files.readAllBytes(archive(layer, SETTINGS, "memory.zip").file());
    assertThat(Files.readAllBytes(result.file())).isEqualTo(inMemory);
  }

  @Test
  void contentThatDeflatingDoesNotShrinkIsStoredEvenWhenItsProbeCompressed() throws IOException {
    byte[] content = EntryCompressorTest.compressibleHeadThenRandom(1024, 2_000_000);
    MemoryLayer layer = new MemoryLayer().file("python/blob.bin", content, false);

    ArchiveResult result = new ReproducibleZipArchiver(SETTINGS, 1 << 20, 1024)
        .archive(layer.tree(), layer.opener(), dir.resolve("layer.zip"), ArchiveProgress.NONE);

    RawZip.Header header = RawZip.read(result.file()).header("python/blob.bin");
    assertThat(header.method()).isEqualTo(ZipEntry.STORED);
    assertThat(header.compressedSize()).isEqualTo(content.length);
    try (ZipFile zip = ZipFile.builder().setPath(result.file()).get();
        InputStream in = zip.getInputStream(zip.getEntry("python/blob.bin"))) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void anEmptyTreeGivesAnEmptyZip() throws IOException {
    ArchiveResult result = new ReproducibleZipArchiver(SETTINGS).archive(
        PackageTree.of("p", List.of()), entry -> InputStream.nullInputStream(),
        dir.resolve("empty.zip"), ArchiveProgress.NONE);

    assertThat(RawZip.read(result.file()).entryCount()).isZero();
    assertThat(result.files()).isZero();
  }

  @Test
  void refusesATimestampAZipCannotHold() {
    assertThatThrownBy(() -> new ReproducibleZipArchiver(
        SETTINGS.withTimestamp(Instant.parse("2110-01-01T00:00:00Z"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be stored in a zip entry");
  }

  private static List<String> waitForSpillFile(Path folder) throws IOException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<String> names = listing(folder);
      if (names.stream().anyMatch(n -> n.startsWith(".layerkit-spill-"))) {
        return names;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
    }
    return listing(folder);
  }

  static List<String> listing(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Yields some bytes, then fails the way a dropped download does. */
  static final class FailingStream extends InputStream {
    private final byte[] content;
    private final int failAt;
    private int position;

    FailingStream(byte[] content, int failAt) {
      this.content = content;
      this.failAt = failAt;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (position >= failAt) {
        throw new IOException("connection reset after " + position + " bytes");
      }
      int n = Math.min(length, Math.min(failAt, content.length) - position);
      System.arraycopy(content, position, buffer, offset, n);
      position += n;
      return n;
    }
  }
}
