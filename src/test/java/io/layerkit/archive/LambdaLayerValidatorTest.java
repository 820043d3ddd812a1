package io.layerkit.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LambdaLayerValidatorTest {
  private final LambdaLayerValidator validator = new LambdaLayerValidator(LayerLimits.lambdaDefaults());

  @TempDir Path dir;

  private static PackageTree tree(String... files) {
    List<TreeEntry> entries = new ArrayList<>();
    for (String file : files) {
      entries.add(TreeEntry.file(file, 10, file.startsWith("bin/")));
    }
    return PackageTree.of("layers/x", entries);
  }

  private static void assertOneLineEach(Validation validation) {
    assertThat(validation.findings()).allSatisfy(f -> assertThat(f.message()).doesNotContain("\n"));
  }

  @Test
  void acceptsAWellLaidOutLayerWithoutFindings() {
    Validation validation = validator.checkTree(tree("python/requests/__init__.py",
        "python/lib/python3.12/site-packages/yaml/__init__.py", "nodejs/node_modules/lodash/index.js",
        "nodejs/node18/node_modules/x/index.js", "nodejs/package.json", "java/lib/a.jar",
        "ruby/gems/3.2.0/gems/x/x.rb", "ruby/lib/y.rb", "bin/tool", "lib/libfoo.so",
        "extensions/my-extension"));

    assertThat(validation.findings()).isEmpty();
  }

  @Test
  void anEmptyPackageIsAnError() {
    Validation onlyFolders = validator.checkTree(PackageTree.of("p", List.of(TreeEntry.directory("python"))));

    assertThat(onlyFolders.errors()).containsExactly(
        "the package is empty: it has no files to put in a layer; check the package path");
    assertThat(validator.checkTree(PackageTree.of("p", List.of())).hasErrors()).isTrue();
  }

  @Test
  void aPackageOverTheUnzippedLimitIsAnErrorWithBothSizesInMegabytes() {
    PackageTree big = PackageTree.of("p", List.of(
        TreeEntry.file("python/a.bin", 200L * LayerLimits.MB, false),
        TreeEntry.file("python/b.bin", 62L * LayerLimits.MB + LayerLimits.MB / 2, false)));

    assertThat(validator.checkTree(big).errors()).containsExactly("the package is 262.5 MiB unzipped,"
        + " over the 250.0 MiB Lambda allows for a function and all its layers together; remove"
        + " files or split it into several layers");
  }

  @Test
  void sizesThatRoundAlikeAreShownInBytesToo() {
    LambdaLayerValidator tight = new LambdaLayerValidator(new LayerLimits(1000, 1000));
    Validation validation =
        tight.checkTree(PackageTree.of("p", List.of(TreeEntry.file("python/a.py", 1001, false))));

    assertThat(validation.errors()).singleElement().asString()
        .contains("0.0 MiB (1001 bytes) unzipped, over the 0.0 MiB (1000 bytes)");
  }

  @Test
  void aLayoutWithNoRuntimeFolderIsAnErrorThatSaysWhereFilesGo() {
    assertThat(validator.checkTree(tree("docs/readme.md", "data/x.json")).errors()).containsExactly(
        "no file is in a folder Lambda puts on a runtime's path; put the files under the folder"
            + " for their runtime: python/, nodejs/node_modules/, java/lib/, ruby/gems/ or"
            + " ruby/lib/, or bin/, lib/, extensions/ (Lambda extracts a layer to /opt and reads"
            + " only those)");
  }

  @Test
  void sitePackagesAtTheRootIsTheCommonMistakeAndSaysMoveUnderPython() {
    assertThat(validator.checkTree(tree("site-packages/requests/__init__.py")).errors())
        .singleElement().asString()
        .contains("site-packages/ is at the layer root")
        .contains("move its contents under python/ (e.g. python/requests/...)");
  }

  @Test
  void nodeModulesAtTheRootSaysMoveUnderNodejsNodeModules() {
    assertThat(validator.checkTree(tree("node_modules/lodash/index.js")).errors())
        .singleElement().asString()
        .contains("node_modules/ is at the layer root")
        .contains("move it under nodejs/node_modules/ (e.g. nodejs/node_modules/lodash/...)");
  }

  @Test
  void pythonFilesAtTheRootSayMoveUnderPython() {
    assertThat(validator.checkTree(tree("handler.py", "util.py")).errors())
        .singleElement().asString()
        .contains("Python files are at the layer root (handler.py, util.py)")
        .contains("move them under python/ (e.g. python/app.py)");
  }

  @Test
  void nodejsWithoutNodeModulesSaysWhereNodeLooks() {
    assertThat(validator.checkTree(tree("nodejs/lodash/index.js")).errors())
        .singleElement().asString()
        .contains("nodejs/ has no node_modules/ folder")
        .contains("nodejs/node_modules/lodash/");
  }

  @Test
  void theSameMistakesBesideAWorkingLayoutAreWarnings() {
    Validation validation = validator.checkTree(tree("python/ok.py", "site-packages/x/__init__.py",
        "lib/python3.12/site-packages/y/__init__.py", "python/site-packages/z/__init__.py"));

    assertThat(validation.hasErrors()).isFalse();
    assertThat(validation.warnings()).anySatisfy(w -> assertThat(w).startsWith("site-packages/ is at the layer root"))
        .anySatisfy(w -> assertThat(w).contains("lib/python3.12/site-packages/ is not on Python's path")
            .contains("python/lib/python3.12/site-packages/..."))
        .anySatisfy(w -> assertThat(w).startsWith("python/site-packages/ is not on Python's path"));
    assertOneLineEach(validation);
  }

  @Test
  void filesAndFoldersAtTheRootBesideRuntimeFoldersAreWarnings() {
    Validation validation = validator.checkTree(tree("python/a.py", "README.md", "LICENSE",
        "docs/index.md", "tests/test_a.py"));

    assertThat(validation.hasErrors()).isFalse();
    assertThat(validation.warnings()).containsExactly(
        "2 files at the layer root (LICENSE, README.md) are on no runtime's path; Lambda extracts"
            + " them to /opt where nothing reads them",
        "folders docs/, tests/ at the layer root are on no runtime's path; Lambda extracts them"
            + " to /opt where nothing reads them");
  }

  @Test
  void namesTooLongToExtractOrNotUtf8AreErrors() {
    String longName = "python/" + "n".repeat(256) + ".py";
    String longPath = "python/" + "d/".repeat(2100) + "x.py";
    String loneSurrogate = "python/bad\ud800.py";
    Validation validation = validator.checkTree(tree(longName, longPath, loneSurrogate, "python/ok.py"));

    assertThat(validation.errors()).hasSize(3)
        .anySatisfy(e -> assertThat(e).contains("has a part of 259 bytes").contains("at most 255"))
        .anySatisfy(e -> assertThat(e).contains("is too long: 4216 bytes under /opt").hasSizeLessThan(250))
        .anySatisfy(e -> assertThat(e).contains("'python/bad?.py' is not valid UTF-8"));
    assertOneLineEach(validation);
  }

  @Test
  void unsafePathsThatBypassedTheTreeChecksAreErrors() {
    PackageTree unchecked = new PackageTree("p", List.of(TreeEntry.file("../etc/passwd", 1, false),
        TreeEntry.file("python/a.py", 1, false)));

    assertThat(validator.checkTree(unchecked).errors()).singleElement().asString()
        .startsWith("unsafe path '../etc/passwd': '..' segment");
  }

  @Test
  void manyBadNamesAreSummedUpAfterTen() {
    List<TreeEntry> entries = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      entries.add(TreeEntry.file("python/" + "x".repeat(300) + i, 1, false));
    }
    Validation validation = validator.checkTree(PackageTree.of("p", entries));

    assertThat(validation.errors()).hasSize(11).last().isEqualTo(
        "and 5 more names that cannot be stored or extracted");
  }

  @Test
  void aZipOverTheDirectUploadLimitIsAWarningToGoThroughS3() {
    // checkArchive never reads the file: sizes and link targets come with the result
    ArchiveResult big = new ArchiveResult(dir.resolve("missing.zip"), "x", 63L * LayerLimits.MB,
        10, 100, "d");

    assertThat(validator.checkArchive(big).warnings()).containsExactly("the zip is 63.0 MiB,"
        + " over the 50.0 MiB Lambda accepts in a direct upload: publish it from S3 (an s3://"
        + " store)");
    assertThat(validator.checkArchive(new ArchiveResult(dir.resolve("missing.zip"), "x",
        50L * LayerLimits.MB, 10, 100, "d")).findings()).isEmpty();
  }

  @Test
  void theDirectUploadAdviceFollowsTheStoreTheZipGoesTo() {
    ArchiveResult big = new ArchiveResult(dir.resolve("missing.zip"), "x", 63L * LayerLimits.MB,
        10, 100, "d");

    assertThat(new LambdaLayerValidator(LayerLimits.lambdaDefaults(), LayerRoute.DIRECT_UPLOAD)
        .checkArchive(big).warnings()).containsExactly("the zip is 63.0 MiB, over the 50.0 MiB"
        + " Lambda accepts in a direct upload, which is how a file: store's zips are published:"
        + " use an s3:// store to publish it");
    assertThat(new LambdaLayerValidator(LayerLimits.lambdaDefaults(), LayerRoute.THROUGH_S3)
        .checkArchive(big).findings()).as("Lambda reads it from the s3:// store").isEmpty();
  }

  @Test
  void sizesAreInBinaryUnitsAsLambdaCountsThem() {
    // Lambda's refusal reads "Unzipped size must be smaller than 262144000 bytes": 250 MiB
    PackageTree atLimit = PackageTree.of("p", List.of(
        TreeEntry.file("python/a.bin", 262_144_000L, false)));
    PackageTree justOver = PackageTree.of("p", List.of(
        TreeEntry.file("python/a.bin", 262_144_001L, false)));

    assertThat(validator.checkTree(atLimit).errors()).isEmpty();
    assertThat(validator.checkTree(justOver).errors()).singleElement().asString()
        .startsWith("the package is 250.0 MiB (262144001 bytes) unzipped, over the 250.0 MiB"
            + " (262144000 bytes)");
  }

  @Test
  void linksLeavingTheLayerOrAbsoluteAreWarningsAfterArchiving() throws IOException {
    MemoryLayer layer = new MemoryLayer()
        .file("lib/libfoo.so.1", "elf")
        .link("lib/libfoo.so", "libfoo.so.1")
        .link("bin/foo", "../lib/libfoo.so")
        .link("bin/abs-inside", "/opt/lib/libfoo.so.1")
        .link("bin/python", "/usr/bin/python3")
        .link("bin/escape", "../../etc/passwd")
        .link("bin/dangling", "missing");
    ArchiveResult result = new ReproducibleZipArchiver(ArchiveSettings.defaults()).archive(
        layer.tree(), layer.opener(), dir.resolve("links.zip"), ArchiveProgress.NONE);

    Validation validation = validator.checkArchive(result);

    assertThat(validation.hasErrors()).isFalse();
    assertThat(validation.warnings()).containsExactly(
        "link 'bin/abs-inside' -> '/opt/lib/libfoo.so.1' is absolute; it works where Lambda"
            + " extracts the layer (/opt) but nowhere else; a relative target works everywhere",
        "link 'bin/escape' -> '../../etc/passwd' points outside the layer, to /etc/passwd; legal,"
            + " but it works only if the Lambda runtime has that file (usually a link copied from"
            + " a build machine)",
        "link 'bin/python' -> '/usr/bin/python3' points outside the layer, to /usr/bin/python3;"
            + " legal, but it works only if the Lambda runtime has that file (usually a link"
            + " copied from a build machine)");
  }

  @Test
  void anEmptyLinkTargetIsAWarningAndAnOverlongOneAnError() {
    ArchiveResult emptyLink = new ArchiveResult(dir.resolve("x.zip"), "x", 10, 1, 0, "d",
        java.util.Map.of("bin/empty", ""));
    assertThat(validator.checkArchive(emptyLink).warnings()).containsExactly(
        "link 'bin/empty' -> '' has an empty target; nothing can follow it");

    PackageTree longLink = PackageTree.of("p", List.of(TreeEntry.file("bin/tool", 1, true),
        TreeEntry.symlink("bin/link", 5000)));
    assertThat(validator.checkTree(longLink).errors()).containsExactly(
        "link 'bin/link' has a target of 5000 bytes; Linux, and so Lambda, allows at most 4095");
  }

  @Test
  void resolvesLinkTargetsAgainstTheLinksFolderInsideOpt() {
    assertThat(LinkTargets.resolve("bin/tool", "../lib/x")).isEqualTo("/opt/lib/x");
    assertThat(LinkTargets.resolve("tool", "./x/./y")).isEqualTo("/opt/x/y");
    assertThat(LinkTargets.resolve("a/b/c", "../../../../../../x")).isEqualTo("/x");
    assertThat(LinkTargets.resolve("a/b", "/usr//lib/../bin/x")).isEqualTo("/usr/bin/x");
    assertThat(LinkTargets.resolve("a/b", "..")).isEqualTo("/opt");
  }
}
