package io.layerkit.source.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.archive.ArchiveProgress;
import io.layerkit.archive.ArchiveResult;
import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.ReproducibleZipArchiver;
import io.layerkit.source.PackageSource;
import io.layerkit.source.Revision;
import io.layerkit.source.SourceException;
import io.layerkit.source.git.FixtureRepository;
import io.layerkit.source.git.GitSource;
import io.layerkit.source.git.GitSourceSettings;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a Git work tree the local source takes what Git would commit: tracked files, and untracked
 * files no ignore rule matches (nested .gitignore files, .git/info/exclude, core.excludesFile).
 * A clean tree then gives the same zip from {@code dir:} as from {@code git+file://}, whatever
 * ignored files lie beside it (a secret in {@code .env}, {@code __pycache__}).
 */
class LocalSourceTakesWhatGitWouldCommitTest {
  private static final String PACKAGE = "layers/req";

  @TempDir Path work;
  private FixtureRepository repo;

  @BeforeEach
  void repository() throws IOException {
    repo = FixtureRepository.init(work.resolve("repo"));
    Files.writeString(work.resolve("excludes"), "*.tmp\n");
    repo.config("core.excludesFile", work.resolve("excludes").toString())
        .write(".gitignore", ".env\nvendored.py\n")
        .write(PACKAGE + "/.gitignore", "__pycache__/\n")
        .write(PACKAGE + "/python/req/__init__.py", "from .api import get\n")
        .symlink(PACKAGE + "/bin/req", "../python/req/__init__.py")
        .commit("layer");
    Files.writeString(repo.folder().resolve(".git/info/exclude"), "*.log\n");
    // tracked although an ignore rule matches it: Git keeps committing it
    repo.write(PACKAGE + "/python/req/vendored.py", "VENDORED = 1\n");
    repo.git("add", "-f", PACKAGE + "/python/req/vendored.py");
    repo.commitIndex("vendor");
    // untracked, and no rule matches: Git would commit it
    repo.write(PACKAGE + "/python/req/api.py", "def get(url): return url\n");
    // ignored, each by another rule
    repo.write(PACKAGE + "/python/.env", "TOKEN=s3cr3t\n")
        .write(PACKAGE + "/python/req/__pycache__/api.cpython-312.pyc", "\u0000pyc")
        .write(PACKAGE + "/python/req/debug.log", "log\n")
        .write(PACKAGE + "/python/req/notes.tmp", "tmp\n");
    Files.createDirectories(repo.folder().resolve(PACKAGE + "/python/empty"));
  }

  @Test
  void listsTrackedAndUntrackedButNotIgnoredFiles() throws IOException {
    PackageTree tree = new LocalDirectorySource(repo.folder()).list(Revision.ofFolder(), PACKAGE);

    assertThat(tree.entries()).extracting(TreeEntry::path).containsExactly(
        ".gitignore", "bin", "bin/req", "python", "python/req", "python/req/__init__.py",
        "python/req/api.py", "python/req/vendored.py");
  }

  @Test
  void aCleanTreeGivesTheSameZipFromTheFolderAsFromGit() throws IOException {
    String commit = repo.commit("everything Git would commit");

    ArchiveResult fromFolder = zip(new LocalDirectorySource(repo.folder()), Optional.empty(),
        work.resolve("folder.zip"));
    ArchiveResult fromGit;
    try (GitSource git = new GitSource(GitSourceSettings
        .forSourceUri(repo.fileSourceUri(), Optional.empty(), Optional.empty())
        .withTempRoot(work.resolve("tmp")))) {
      fromGit = zip(git, Optional.of(commit), work.resolve("git.zip"));
    }

    assertThat(fromFolder.files()).isEqualTo(5);
    assertThat(Files.mismatch(fromFolder.file(), fromGit.file())).isEqualTo(-1L);
  }

  @Test
  void aPackageFolderThatIsAGitRepositoryOfItsOwnInsideIsRefused() throws IOException {
    FixtureRepository.init(repo.folder().resolve(PACKAGE + "/python/vendor"))
        .write("lib.py", "x = 1\n").commit("vendored repository");

    assertThatThrownBy(() -> new LocalDirectorySource(repo.folder())
        .list(Revision.ofFolder(), PACKAGE))
        .isInstanceOf(SourceException.class)
        .hasMessage("'python/vendor' in " + PACKAGE + " is a Git repository of its own (a"
            + " submodule or a nested clone): Git would not commit its files here; vendor the"
            + " files or remove it");
  }

  @Test
  void layerkitsOwnFoldersAreNeverPartOfAPackage() throws IOException {
    Path pkg = repo.folder().resolve(PACKAGE);
    Files.createDirectories(pkg.resolve(".layerkit/store/req"));
    Files.writeString(pkg.resolve(".layerkit/store/req/req-20260101000000.zip"), "PK");
    Files.writeString(pkg.resolve(".layerkit/releases.json"), "{}");
    Files.createDirectories(pkg.resolve("out"));
    Files.writeString(pkg.resolve("out/req.zip"), "PK");
    Files.writeString(pkg.resolve("out/.req.zip-1234.tmp"), "PK");

    PackageTree tree = new LocalDirectorySource(repo.folder(), List.of(pkg.resolve("out")))
        .list(Revision.ofFolder(), PACKAGE);

    assertThat(tree.entries()).extracting(TreeEntry::path)
        .noneMatch(path -> path.startsWith(".layerkit") || path.startsWith("out"));
  }

  private static ArchiveResult zip(PackageSource source, Optional<String> ref, Path target)
      throws IOException {
    Revision revision = source.resolve(ref);
    PackageTree tree = source.list(revision, PACKAGE);
    return new ReproducibleZipArchiver(ArchiveSettings.defaults()).archive(
        tree, entry -> source.open(revision, PACKAGE, entry), target, ArchiveProgress.NONE);
  }
}
