package io.layerkit.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.layerkit.digest.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layerkit's zips as zip tools nobody here wrote read them: Info-ZIP's {@code unzip} and
 * {@code zipinfo}, and Python's {@code zipfile}. Each check is skipped, saying why, when its tool
 * is not installed.
 */
class ReproducibleZipAgainstUnzipZipinfoAndPythonTest {
  @TempDir Path dir;

  private static MemoryLayer layer() {
    return new MemoryLayer()
        .file("python/requests/__init__.py", "import os\n".repeat(300))
        .file("python/ünï cødé #%+&.txt", "unicode name")
        .file("python/empty.txt", "")
        .file("python/data.bin", ReproducibleZipArchiverTest.randomBytes(4000, 11), false)
        .executable("bin/tool", "#!/bin/sh\necho tool\n")
        .link("bin/tool-link", "tool")
        .link("lib/libfoo.so", "../lib/libfoo.so.1")
        .file("lib/libfoo.so.1", "not really elf")
        .directory("extensions");
  }

  private Path zip(Instant timestamp) throws IOException {
    MemoryLayer layer = layer();
    return new ReproducibleZipArchiver(ArchiveSettings.defaults().withTimestamp(timestamp))
        .archive(layer.tree(), layer.opener(), dir.resolve("layer.zip"), ArchiveProgress.NONE)
        .file();
  }

  private record Run(int exitCode, String output) {}

  private static Run run(Path workDir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish");
    }
    return new Run(process.exitValue(), output);
  }

  private static void assumeInstalled(String tool) {
    boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(folder -> Files.isExecutable(Path.of(folder, tool)));
    assumeTrue(found, tool + " is not installed; skipping the check that it reads layerkit's zips");
  }

  @Test
  void unzipTestsEveryEntryWithoutError() throws Exception {
    assumeInstalled("unzip");
    Path zip = zip(ArchiveSettings.DEFAULT_TIMESTAMP);

    Run test = run(dir, "unzip", "-t", zip.toString());

    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(test.output()).contains("No errors detected in compressed data");
  }

  @Test
  void unzipExtractsLinksAsLinksAndKeepsTheExecutableBit() throws Exception {
    assumeInstalled("unzip");
    Path zip = zip(ArchiveSettings.DEFAULT_TIMESTAMP);
    Path out = Files.createDirectory(dir.resolve("out"));

    Run extract = run(out, "unzip", "-q", zip.toString());

    assertThat(extract.exitCode()).as(extract.output()).isZero();
    assertThat(Files.isSymbolicLink(out.resolve("bin/tool-link"))).isTrue();
    assertThat(Files.readSymbolicLink(out.resolve("bin/tool-link"))).hasToString("tool");
    assertThat(Files.readString(out.resolve("lib/libfoo.so"))).isEqualTo("not really elf");
    assertThat(Files.getPosixFilePermissions(out.resolve("bin/tool"), LinkOption.NOFOLLOW_LINKS))
        .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
    assertThat(Files.getPosixFilePermissions(out.resolve("python/empty.txt")))
        .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.readString(out.resolve("python/ünï cødé #%+&.txt"))).isEqualTo("unicode name");
    assertThat(out.resolve("extensions")).isDirectory();
  }

  @Test
  void zipinfoShowsUnixModesTheFixedTimeAndNoExtraField() throws Exception {
    assumeInstalled("zipinfo");
    Path zip = zip(ArchiveSettings.DEFAULT_TIMESTAMP);

    Run shortListing = run(dir, "zipinfo", zip.toString());
    Run verbose = run(dir, "zipinfo", "-v", zip.toString());

    assertThat(shortListing.exitCode()).as(shortListing.output()).isZero();
    assertThat(lineOf(shortListing.output(), "bin/tool-link")).startsWith("lrwxrwxrwx").contains(" unx ");
    assertThat(lineOf(shortListing.output(), "bin/tool")).startsWith("-rwxr-xr-x");
    assertThat(lineOf(shortListing.output(), "python/empty.txt")).startsWith("-rw-r--r--");
    assertThat(lineOf(shortListing.output(), "extensions/")).startsWith("drwxr-xr-x");
    assertThat(verbose.exitCode()).as(verbose.output()).isZero();
    List<String> extraLengths = linesContaining(verbose.output(), "length of extra field:");
    assertThat(extraLengths).hasSize(13).allSatisfy(line -> assertThat(line).endsWith(" 0 bytes"));
    assertThat(linesContaining(verbose.output(), "file last modified on"))
        .hasSize(13)
        .allSatisfy(line -> assertThat(line).endsWith("1980 Jan 1 00:00:00"));
    assertThat(linesContaining(verbose.output(), "operating system of origin:"))
        .allSatisfy(line -> assertThat(line).endsWith("Unix"));
  }

  @Test
  void zipinfoShowsASourceDateEpochTimestampExactly() throws Exception {
    assumeInstalled("zipinfo");
    Path zip = zip(Instant.parse("2024-05-06T07:08:10Z"));

    Run verbose = run(dir, "zipinfo", "-v", zip.toString());
    Run shortListing = run(dir, "zipinfo", zip.toString());

    assertThat(linesContaining(verbose.output(), "file last modified on"))
        .hasSize(13)
        .allSatisfy(line -> assertThat(line).endsWith("2024 May 6 07:08:10"));
    assertThat(lineOf(shortListing.output(), "bin/tool")).contains("24-May-06 07:08");
  }

  @Test
  void pythonsZipfileReadsNamesModesTimesAndBytes() throws Exception {
    assumeInstalled("python3");
    MemoryLayer layer = layer();
    Path zip = zip(Instant.parse("2024-05-06T07:08:10Z"));
    String script = String.join("\n",
        "import hashlib, sys, zipfile",
        "with zipfile.ZipFile(sys.argv[1]) as z:",
        "    for i in z.infolist():",
        "        data = z.read(i.filename)",
        "        print('\\t'.join([i.filename, oct(i.external_attr >> 16), str(i.create_system),",
        "            str(i.flag_bits & 0x800), '%04d-%02d-%02d %02d:%02d:%02d' % i.date_time,",
        "            i.extra.hex() or '-', hashlib.sha256(data).hexdigest()]))");
    Path scriptFile = Files.writeString(dir.resolve("read.py"), script);

    Run read = run(dir, "python3", scriptFile.toString(), zip.toString());

    assertThat(read.exitCode()).as(read.output()).isZero();
    List<String> expected = new ArrayList<>();
    for (var entry : layer.tree().entries()) {
      String name = entry.isDirectory() ? entry.path() + "/" : entry.path();
      int type = entry.isDirectory() ? 0040000 : entry.isSymlink() ? 0120000 : 0100000;
      byte[] content = entry.isDirectory() ? new byte[0] : layer.content(entry.path());
      expected.add(String.join("\t", name, "0o" + Integer.toOctalString(type | entry.unixMode()),
          "3", "2048", "2024-05-06 07:08:10", "-",
          HexFormat.of().formatHex(Sha256.newDigest().digest(content))));
    }
    assertThat(read.output().lines().toList()).containsExactlyElementsOf(expected);
  }

  @Test
  void moreThan65535EntriesGetAZip64EndRecordThatUnzipPythonAndJavaFollow() throws Exception {
    assumeInstalled("unzip");
    assumeInstalled("python3");
    MemoryLayer layer = new MemoryLayer();
    for (int folder = 0; folder < 70; folder++) {
      for (int file = 0; file < 1000; file++) {
        layer.file(String.format("nodejs/node_modules/p%02d/f%03d.js", folder, file),
            "module.exports = " + file + ";\n");
      }
    }
    int entries = layer.tree().entries().size();
    assertThat(entries).isGreaterThan(65535);
    Path zip = new ReproducibleZipArchiver(ArchiveSettings.defaults())
        .archive(layer.tree(), layer.opener(), dir.resolve("many.zip"), ArchiveProgress.NONE)
        .file();

    Run test = run(dir, "unzip", "-tqq", zip.toString());
    Run python = run(dir, "python3", "-c", String.join("\n",
        "import sys, zipfile",
        "z = zipfile.ZipFile(sys.argv[1])",
        "print(len(z.infolist()), z.testzip(), z.read('nodejs/node_modules/p69/f999.js'))"),
        zip.toString());

    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(python.output().strip())
        .isEqualTo(entries + " None b'module.exports = 999;\\n'");
    try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
      assertThat(file.size()).isEqualTo(entries);
    }
  }

  /** The listing line of the entry named exactly {@code name}. */
  private static String lineOf(String output, String name) {
    return output.lines().filter(line -> line.endsWith(" " + name)).findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + name + " in\n" + output));
  }

  private static List<String> linesContaining(String output, String text) {
    return output.lines().filter(line -> line.contains(text)).map(String::strip)
        .collect(Collectors.toList());
  }
}
