package io.layerkit.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.archive.ArchiveProgress;
import io.layerkit.archive.ArchiveResult;
import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.ReproducibleZipArchiver;
import io.layerkit.source.PackageSource;
import io.layerkit.source.Revision;
import io.layerkit.source.local.LocalDirectorySource;
import io.layerkit.tree.PackageTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same package at the same commit gives the same zip, byte for byte, whether it is read from
 * Git through {@code git+file://} or from a checkout of that commit as a local folder.
 */
class GitSourceZipMatchesLocalFolderTest {
  private static final String PACKAGE = "layers/tools";

  @TempDir Path work;

  private static ArchiveResult zip(PackageSource source, Optional<String> ref, Path target)
      throws IOException {
    Revision revision = source.resolve(ref);
    PackageTree tree = source.list(revision, PACKAGE);
    return new ReproducibleZipArchiver(ArchiveSettings.defaults().withConcurrency(4)).archive(
        tree, entry -> source.open(revision, PACKAGE, entry), target, ArchiveProgress.NONE);
  }

  @Test
  void gitAndACheckoutOfTheSameCommitGiveIdenticalZips() throws IOException {
    byte[] binary = new byte[2 * 1024 * 1024 + 3];
    new Random(7).nextBytes(binary);
    FixtureRepository repo = FixtureRepository.init(work.resolve("remote"));
    String commit = repo.write("README.md", "outside the package\n")
        .executable(PACKAGE + "/bin/run.sh", "#!/bin/sh\necho run\n")
        .symlink(PACKAGE + "/bin/run", "run.sh")
        .symlink(PACKAGE + "/lib/current", "deep")
        .write(PACKAGE + "/lib/deep/nested/data.txt", "deep\n")
        .write(PACKAGE + "/lib/native.so", binary)
        .write(PACKAGE + "/odd names/with space #1 %41.txt", "odd\n")
        .write(PACKAGE + "/odd names/ünïcødé-ñame.txt", "unicode\n")
        .write(PACKAGE + "/python/pkg/__init__.py", "")
        .commit("layer");
    repo.write(PACKAGE + "/lib/deep/nested/data.txt", "moved on\n").commit("later");
    Path checkout = work.resolve("checkout");
    FixtureRepository copy = FixtureRepository.init(checkout);
    copy.git("fetch", "-q", repo.folder().toString(), commit);
    copy.git("checkout", "-q", commit);

    ArchiveResult fromGit;
    try (GitSource git = new GitSource(GitSourceSettings
        .forSourceUri(repo.fileSourceUri(), Optional.empty(), Optional.empty())
        .withTempRoot(work.resolve("tmp")))) {
      fromGit = zip(git, Optional.of(commit), work.resolve("git.zip"));
    }
    ArchiveResult fromFolder = zip(new LocalDirectorySource(checkout), Optional.empty(),
        work.resolve("local.zip"));

    assertThat(fromGit.files()).isEqualTo(8);
    assertThat(Files.mismatch(fromGit.file(), fromFolder.file())).isEqualTo(-1L);
    assertThat(fromGit.sha256()).isEqualTo(fromFolder.sha256());
    assertThat(fromGit.contentDigest()).isEqualTo(fromFolder.contentDigest());
  }
}
