package io.layerkit.source.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.layerkit.source.Revision;
import io.layerkit.source.SourceException;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectorySourceTest {
  @TempDir Path root;

  @Test
  void listsFilesFoldersExecutablesAndLinksWithoutFollowingThem() throws IOException {
    Path pkg = Files.createDirectories(root.resolve("layers/tools"));
    Files.createDirectories(pkg.resolve("bin"));
    Files.writeString(pkg.resolve("bin/run"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(pkg.resolve("bin/run"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(pkg.resolve("bin/alias"), Path.of("run"));
    Files.writeString(root.resolve("secret.txt"), "outside");
    Files.createSymbolicLink(pkg.resolve("bin/escape"), Path.of("../../../secret.txt"));
    Files.createDirectories(pkg.resolve("lib/empty"));
    Files.writeString(pkg.resolve(".hidden"), "kept");
    Files.createDirectories(pkg.resolve(".git/objects"));
    Files.writeString(pkg.resolve(".git/HEAD"), "ref: refs/heads/main\n");

    LocalDirectorySource source = new LocalDirectorySource(root);
    Revision revision = source.resolve(Optional.empty());
    PackageTree tree = source.list(revision, "layers/tools");

    assertThat(tree.entries()).containsExactly(
        TreeEntry.file(".hidden", 4, false),
        TreeEntry.directory("bin"),
        TreeEntry.symlink("bin/alias", 3),
        TreeEntry.symlink("bin/escape", "../../../secret.txt".length()),
        TreeEntry.file("bin/run", 10, true),
        TreeEntry.directory("lib"),
        TreeEntry.directory("lib/empty"));
    assertThat(read(source, revision, tree, "bin/escape")).isEqualTo("../../../secret.txt");
    assertThat(read(source, revision, tree, "bin/run")).isEqualTo("#!/bin/sh\n");
  }

  @Test
  void aGitEntryIsSkippedWhateverItsKind() throws IOException {
    Path pkg = Files.createDirectories(root.resolve("pkg"));
    Files.createDirectories(pkg.resolve("python/vendored"));
    Files.writeString(pkg.resolve("python/a.py"), "a");
    Files.createSymbolicLink(pkg.resolve(".git"), Path.of("../.git/modules/pkg"));
    Files.writeString(pkg.resolve("python/vendored/.git"), "gitdir: ../../.git/worktrees/x\n");

    PackageTree tree = new LocalDirectorySource(root).list(Revision.ofFolder(), "pkg");

    assertThat(tree.entries()).extracting(TreeEntry::path)
        .containsExactly("python", "python/a.py", "python/vendored");
  }

  @Test
  void aMissingFolderIsAClearError() {
    LocalDirectorySource source = new LocalDirectorySource(root);
    assertThatThrownBy(() -> source.list(Revision.ofFolder(), "layers/nope"))
        .isInstanceOf(SourceException.class)
        .hasMessage("package folder 'layers/nope' does not exist in " + root.toAbsolutePath());
  }

  @Test
  void aPathThatIsAFileIsAClearError() throws IOException {
    Files.writeString(root.resolve("layer.zip"), "zip");
    LocalDirectorySource source = new LocalDirectorySource(root);
    assertThatThrownBy(() -> source.list(Revision.ofFolder(), "layer.zip"))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("is not a folder");
  }

  @Test
  void aMissingSourceFolderIsAClearError() {
    LocalDirectorySource source = new LocalDirectorySource(root.resolve("absent"));
    assertThatThrownBy(() -> source.resolve(Optional.empty()))
        .hasMessageContaining("does not exist or is not a folder; check --source");
  }

  @Test
  void aRefNeedsAGitSource() {
    LocalDirectorySource source = new LocalDirectorySource(root);
    assertThatThrownBy(() -> source.resolve(Optional.of("main")))
        .hasMessageContaining("--ref main needs a Git source");
  }

  @Test
  void packagePathsCannotClimbOutOfTheSource() {
    LocalDirectorySource source = new LocalDirectorySource(root.resolve("inner"));
    assertThatThrownBy(() -> source.list(Revision.ofFolder(), "../inner2"))
        .hasMessageContaining("unsafe path");
  }

  @Test
  void aPackageFolderThatIsALinkIsNotFollowed() throws IOException {
    Path outside = Files.createDirectories(root.resolve("outside/python"));
    Files.writeString(outside.resolve("secret.py"), "outside");
    Path source = Files.createDirectories(root.resolve("repo/layers"));
    Files.createSymbolicLink(source.resolve("linked"), outside.getParent());

    LocalDirectorySource local = new LocalDirectorySource(root.resolve("repo"));
    assertThatThrownBy(() -> local.list(Revision.ofFolder(), "layers/linked"))
        .isInstanceOf(SourceException.class)
        .hasMessage("package path 'layers/linked' passes through the symbolic link 'layers/linked'"
            + " in " + root.resolve("repo") + "; links are never followed: give the real folder");
  }

  @Test
  void aLinkAmongThePackageFoldersParentsIsNotFollowed() throws IOException {
    Path outside = Files.createDirectories(root.resolve("outside/pkg/python"));
    Files.writeString(outside.resolve("secret.py"), "outside");
    Path source = Files.createDirectories(root.resolve("repo"));
    Files.createSymbolicLink(source.resolve("layers"), outside.getParent());

    LocalDirectorySource local = new LocalDirectorySource(source);
    assertThatThrownBy(() -> local.list(Revision.ofFolder(), "layers/pkg"))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("passes through the symbolic link 'layers'");
    TreeEntry secret = TreeEntry.file("python/secret.py", 7, false);
    assertThatThrownBy(() -> local.open(Revision.ofFolder(), "layers/pkg", secret))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("passes through the symbolic link 'layers'");
  }

  @Test
  void aLinkedSourceFolderItselfIsTheUsersChoice() throws IOException {
    Files.createDirectories(root.resolve("real/pkg/python"));
    Files.writeString(root.resolve("real/pkg/python/a.py"), "a");
    Path linkedRoot = Files.createSymbolicLink(root.resolve("checkout"), root.resolve("real"));

    PackageTree tree = new LocalDirectorySource(linkedRoot).list(Revision.ofFolder(), "pkg");

    assertThat(tree.entries()).extracting(TreeEntry::path).containsExactly("python", "python/a.py");
  }

  @Test
  void anUnreadableFileIsNamed() throws Exception {
    Path pkg = Files.createDirectories(root.resolve("pkg/python"));
    Path file = Files.writeString(pkg.resolve("locked.py"), "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    String expected = "cannot read 'python/locked.py': permission denied";
    if (!System.getProperty("user.name").equals("root")) {
      LocalDirectorySource source = new LocalDirectorySource(root);
      assertThatThrownBy(() -> source.list(Revision.ofFolder(), "pkg")).hasMessageContaining(expected);
      return;
    }
    // root reads any file; without the capabilities that let it, it obeys modes like anyone else
    assumeThat(Path.of("/usr/bin/setpriv")).as("setpriv (util-linux) drops root's file capabilities")
        .exists();
    Process child = new ProcessBuilder("/usr/bin/setpriv",
        "--bounding-set=-dac_override,-dac_read_search", "--",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ListPackageMain.class.getName(),
        root.toString(), "pkg")
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor()).as(output).isEqualTo(1);
    assertThat(output).contains(expected);
  }

  /** Lists a package in a child JVM and prints the error, for the unreadable-file test. */
  public static final class ListPackageMain {
    public static void main(String[] args) {
      try {
        new LocalDirectorySource(Path.of(args[0])).list(Revision.ofFolder(), args[1]);
        System.exit(0);
      } catch (IOException e) {
        System.out.println(e.getMessage());
        System.exit(1);
      }
    }
  }

  @Test
  void aFileRemovedAfterListingIsNamed() throws IOException {
    Path pkg = Files.createDirectories(root.resolve("pkg/python"));
    Files.writeString(pkg.resolve("gone.py"), "x");
    LocalDirectorySource source = new LocalDirectorySource(root);
    PackageTree tree = source.list(Revision.ofFolder(), "pkg");
    Files.delete(pkg.resolve("gone.py"));
    TreeEntry entry = tree.entries().get(1);
    assertThatThrownBy(() -> source.open(Revision.ofFolder(), "pkg", entry))
        .hasMessageContaining("'python/gone.py' in pkg disappeared");
  }

  @Test
  void aPathTooLongForTheSystemIsNamedWithItsRealCause() throws Exception {
    Path pkg = Files.createDirectories(root.resolve("pkg/python"));
    // 24 folders of 200 characters: past Linux's 4096-byte PATH_MAX, made one level at a time
    String deep = "import os\n"
        + "fd = os.open(os.sys.argv[1], os.O_RDONLY)\n"
        + "for i in range(24):\n"
        + "    name = ('d%02d' % i) + 'x' * 197\n"
        + "    os.mkdir(name, dir_fd=fd)\n"
        + "    fd = os.open(name, os.O_RDONLY, dir_fd=fd)\n"
        + "os.close(os.open('deep.py', os.O_CREAT | os.O_WRONLY, dir_fd=fd))\n";
    run("python3", "-c", deep, pkg.toString());
    try {
      LocalDirectorySource source = new LocalDirectorySource(root);
      assertThatThrownBy(() -> source.list(Revision.ofFolder(), "pkg"))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("File name too long")
          .hasMessageNotContaining("permission denied");
    } finally {
      run("python3", "-c", "import shutil, sys; shutil.rmtree(sys.argv[1])",
          pkg.resolve("d00" + "x".repeat(197)).toString());
    }
  }

  @Test
  void aFileReplacedByALinkAfterListingIsNamedAsChanged() throws IOException {
    Path pkg = Files.createDirectories(root.resolve("pkg/python"));
    Files.writeString(pkg.resolve("a.py"), "a");
    LocalDirectorySource source = new LocalDirectorySource(root);
    PackageTree tree = source.list(Revision.ofFolder(), "pkg");
    Files.delete(pkg.resolve("a.py"));
    Files.createSymbolicLink(pkg.resolve("a.py"), Path.of("/etc/hostname"));

    assertThatThrownBy(() -> source.open(Revision.ofFolder(), "pkg", entry(tree, "python/a.py")))
        .isInstanceOf(SourceException.class)
        .hasMessage("'python/a.py' in pkg became a symbolic link after it was listed; re-run when"
            + " the folder is stable");
  }

  @Test
  void aFolderReplacedByAFileAfterListingIsNamedAsChanged() throws IOException {
    Path pkg = Files.createDirectories(root.resolve("pkg/python/lib"));
    Files.writeString(pkg.resolve("a.py"), "a");
    LocalDirectorySource source = new LocalDirectorySource(root);
    PackageTree tree = source.list(Revision.ofFolder(), "pkg");
    Files.delete(pkg.resolve("a.py"));
    Files.delete(pkg);
    Files.writeString(pkg, "now a file");

    assertThatThrownBy(() -> source.open(Revision.ofFolder(), "pkg",
        entry(tree, "python/lib/a.py")))
        .isInstanceOf(SourceException.class)
        .hasMessage("'python/lib' in pkg is no longer a folder; re-run when the folder is"
            + " stable");
  }

  @Test
  void anUnreadableFolderIsNamedAsPermissionDenied() throws Exception {
    assumeThat(System.getProperty("user.name")).as("root reads any folder").isNotEqualTo("root");
    Path locked = Files.createDirectories(root.resolve("pkg/python/locked"));
    Files.writeString(locked.resolve("a.py"), "a");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      assertThatThrownBy(() -> new LocalDirectorySource(root).list(Revision.ofFolder(), "pkg"))
          .hasMessage("cannot read 'python/locked': permission denied; fix its permissions or"
              + " remove it from the package");
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private static TreeEntry entry(PackageTree tree, String path) {
    return tree.entries().stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }

  private static String read(LocalDirectorySource source, Revision revision, PackageTree tree,
      String path) throws IOException {
    TreeEntry entry = tree.entries().stream().filter(e -> e.path().equals(path)).findFirst()
        .orElseThrow();
    try (InputStream in = source.open(revision, "layers/tools", entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
