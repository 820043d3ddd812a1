package io.layerkit.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.source.Revision;
import io.layerkit.source.SourceException;
import io.layerkit.tree.EntryKind;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link GitSource} must do whichever way it reaches the remote. Each subclass serves the
 * same real repositories, made by {@code git}, over one transport.
 */
abstract class GitSourceContract {
  static final String PACKAGE = "layers/tools";

  @TempDir Path work;
  FixtureRepository repo;
  Path tempRoot;
  final List<GitSource> opened = new ArrayList<>();

  /** The source URI under which {@code repository} is reachable over this transport. */
  abstract String sourceUri(FixtureRepository repository) throws IOException;

  /** Whether the remote offers partial fetches, so that trees arrive before blobs. */
  abstract boolean offersPartialFetch();

  @BeforeEach
  void createRepository() {
    tempRoot = work.resolve("layerkit-tmp");
    repo = FixtureRepository.init(work.resolve("remotes/sample"));
    repo.write("README.md", "not part of the package\n")
        .executable(PACKAGE + "/bin/run.sh", "#!/bin/sh\necho run\n")
        .symlink(PACKAGE + "/bin/run", "run.sh")
        .write(PACKAGE + "/lib/deep/nested/data.txt", "deep\n")
        .write(PACKAGE + "/odd names/with space.txt", "space\n")
        .write(PACKAGE + "/odd names/hash#and%percent.txt", "hash\n")
        .write(PACKAGE + "/odd names/ünïcødé-ñame.txt", "unicode\n")
        .write(PACKAGE + "/python/pkg/__init__.py", "")
        .write("layers/other/x.txt", "other\n")
        .commit("first");
    repo.config("uploadpack.allowFilter", Boolean.toString(offersPartialFetch()));
  }

  @AfterEach
  void closeSources() throws IOException {
    for (GitSource source : opened) {
      source.close();
    }
  }

  GitSource source() throws IOException {
    return source(GitSourceSettings.forSourceUri(sourceUri(repo), Optional.empty(), Optional.empty()));
  }

  GitSource source(GitSourceSettings settings) {
    GitSource source = new GitSource(settings.withTempRoot(tempRoot));
    opened.add(source);
    return source;
  }

  static String read(GitSource source, Revision revision, String folder, TreeEntry entry)
      throws IOException {
    return new String(readBytes(source, revision, folder, entry), StandardCharsets.UTF_8);
  }

  static byte[] readBytes(GitSource source, Revision revision, String folder, TreeEntry entry)
      throws IOException {
    try (InputStream in = source.open(revision, folder, entry)) {
      return in.readAllBytes();
    }
  }

  static TreeEntry entry(PackageTree tree, String path) {
    return tree.entries().stream().filter(e -> e.path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no entry " + path + " in " + tree.entries()));
  }

  @Test
  void listsFilesExecutablesLinksNestedFoldersAndOddNamesWithTheirContent() throws IOException {
    GitSource source = source();
    Revision revision = source.resolve(Optional.of("main"));
    PackageTree tree = source.list(revision, PACKAGE);

    assertThat(tree.entries()).containsExactly(
        TreeEntry.directory("bin"),
        TreeEntry.symlink("bin/run", 6),
        TreeEntry.file("bin/run.sh", 19, true),
        TreeEntry.directory("lib"),
        TreeEntry.directory("lib/deep"),
        TreeEntry.directory("lib/deep/nested"),
        TreeEntry.file("lib/deep/nested/data.txt", 5, false),
        TreeEntry.directory("odd names"),
        TreeEntry.file("odd names/hash#and%percent.txt", 5, false),
        TreeEntry.file("odd names/with space.txt", 6, false),
        TreeEntry.file("odd names/ünïcødé-ñame.txt", 8, false),
        TreeEntry.directory("python"),
        TreeEntry.directory("python/pkg"),
        TreeEntry.file("python/pkg/__init__.py", 0, false));
    assertThat(read(source, revision, PACKAGE, entry(tree, "bin/run"))).isEqualTo("run.sh");
    assertThat(read(source, revision, PACKAGE, entry(tree, "bin/run.sh")))
        .isEqualTo("#!/bin/sh\necho run\n");
    assertThat(read(source, revision, PACKAGE, entry(tree, "odd names/ünïcødé-ñame.txt")))
        .isEqualTo("unicode\n");
    assertThat(read(source, revision, PACKAGE, entry(tree, "odd names/hash#and%percent.txt")))
        .isEqualTo("hash\n");
    assertThat(read(source, revision, PACKAGE, entry(tree, "python/pkg/__init__.py"))).isEmpty();
  }

  @Test
  void pinsTheDefaultBranchWithAFewRequestsWhenNoRefIsGiven() throws IOException {
    GitSource source = source();
    Revision revision = source.resolve(Optional.empty());

    assertThat(revision.commit()).isEqualTo(repo.head());
    assertThat(revision.ref()).isEmpty();
    // ls-remote + fetch of the trees; without partial fetch, the refused attempt's ls-remote,
    // then ls-remote + the full fetch
    assertThat(source.requestCount()).isEqualTo(offersPartialFetch() ? 2 : 3);
    source.list(revision, PACKAGE);
    source.list(revision, "layers/other");
    // the blobs: one more ls-remote + fetch, once, only where the trees came first
    assertThat(source.requestCount()).isEqualTo(offersPartialFetch() ? 4 : 3);
  }

  @Test
  void listsTheWholeRepositoryForAnEmptyFolder() throws IOException {
    GitSource source = source();
    Revision revision = source.resolve(Optional.empty());

    PackageTree tree = source.list(revision, "");

    assertThat(tree.entries()).extracting(TreeEntry::path)
        .contains("README.md", "layers/other/x.txt", "layers/tools/bin/run.sh");
  }

  @Test
  void keepsServingThePinnedCommitAfterTheBranchMoves() throws IOException {
    String first = repo.head();
    GitSource source = source();
    Revision revision = source.resolve(Optional.of("main"));
    String movedTo = repo.write(PACKAGE + "/lib/deep/nested/data.txt", "changed content\n")
        .write(PACKAGE + "/added.txt", "new\n")
        .commit("second");

    PackageTree tree = source.list(revision, PACKAGE);

    assertThat(movedTo).isNotEqualTo(first);
    assertThat(revision.commit()).isEqualTo(first);
    assertThat(tree.entries()).extracting(TreeEntry::path).doesNotContain("added.txt");
    assertThat(read(source, revision, PACKAGE, entry(tree, "lib/deep/nested/data.txt")))
        .isEqualTo("deep\n");
  }

  @Test
  void resolvesLightweightAndAnnotatedTagsToTheirCommit() throws IOException {
    String tagged = repo.head();
    repo.lightweightTag("v1-light").annotatedTag("v1", "release 1");
    repo.write(PACKAGE + "/later.txt", "later\n").commit("after the tags");

    GitSource annotated = source();
    Revision viaAnnotated = annotated.resolve(Optional.of("v1"));
    GitSource light = source();
    Revision viaLight = light.resolve(Optional.of("refs/tags/v1-light"));

    assertThat(viaAnnotated.commit()).isEqualTo(tagged);
    assertThat(viaLight.commit()).isEqualTo(tagged);
    assertThat(annotated.list(viaAnnotated, PACKAGE).entries()).extracting(TreeEntry::path)
        .doesNotContain("later.txt");
  }

  @Test
  void resolvesAFullAndAnAbbreviatedCommitIdAtABranchTip() throws IOException {
    String head = repo.head();

    GitSource full = source();
    GitSource abbreviated = source();

    assertThat(full.resolve(Optional.of(head)).commit()).isEqualTo(head);
    assertThat(abbreviated.resolve(Optional.of(head.substring(0, 7))).commit()).isEqualTo(head);
  }

  @Test
  void fetchesACommitNoRefPointsAtWhenTheServerAllowsIt() throws IOException {
    String older = repo.head();
    repo.write(PACKAGE + "/later.txt", "later\n").commit("second");
    repo.config("uploadpack.allowReachableSHA1InWant", "true");

    GitSource source = source();
    Revision revision = source.resolve(Optional.of(older));

    assertThat(revision.commit()).isEqualTo(older);
    assertThat(source.list(revision, PACKAGE).entries()).extracting(TreeEntry::path)
        .doesNotContain("later.txt");
  }

  @Test
  void saysWhichRefIsMissingOnWhichRemoteInOneLine() throws IOException {
    GitSource source = source();

    assertThatThrownBy(() -> source.resolve(Optional.of("no-such-branch")))
        .isInstanceOf(SourceException.class)
        .hasMessage("ref 'no-such-branch' not found on " + source.describe()
            + ": no branch, tag or commit by that name");
    assertThat(Files.list(tempRoot)).isEmpty();
  }

  @Test
  void refusesAnAbbreviatedIdThatIsNoTipWithAClearMessage() throws IOException {
    String older = repo.head();
    repo.write(PACKAGE + "/later.txt", "later\n").commit("second");
    GitSource source = source();

    assertThatThrownBy(() -> source.resolve(Optional.of(older.substring(0, 10))))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("'" + older.substring(0, 10) + "' not found on " + source.describe())
        .hasMessageContaining("full 40-character id");
  }

  @Test
  void namesRemoteCommitAndFolderWhenTheFolderIsMissing() throws IOException {
    GitSource source = source();
    Revision revision = source.resolve(Optional.empty());

    assertThatThrownBy(() -> source.list(revision, "layers/missing"))
        .isInstanceOf(SourceException.class)
        .hasMessage("folder 'layers/missing' not found in " + source.describe() + " at commit "
            + revision.commit());
  }

  @Test
  void refusesASubmoduleNamingItsPath() throws IOException {
    repo.gitlink(PACKAGE + "/vendor/lib", "0123456789abcdef0123456789abcdef01234567")
        .commitIndex("sub");
    GitSource source = source();
    Revision revision = source.resolve(Optional.empty());

    assertThatThrownBy(() -> source.list(revision, PACKAGE))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("'" + PACKAGE + "/vendor/lib'")
        .hasMessageContaining("is a submodule: submodules are not part of the layer; vendor the"
            + " files or remove the submodule");
    assertThat(source.list(revision, "layers/other").fileCount()).isEqualTo(1);
  }

  @Test
  void refusesAGitLfsPointerNamingItsPath() throws IOException {
    repo.write(PACKAGE + "/lib/big.so", "version https://git-lfs.github.com/spec/v1\n"
        + "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
        + "size 12345\n").commit("lfs");
    GitSource source = source();
    Revision revision = source.resolve(Optional.empty());

    assertThatThrownBy(() -> source.list(revision, PACKAGE))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("'" + PACKAGE + "/lib/big.so'")
        .hasMessageContaining("is a Git LFS pointer: layerkit cannot fetch LFS objects");
  }

  @Test
  void removesTheTemporaryRepositoryOnClose() throws IOException {
    GitSource source = source();
    Revision revision = source.resolve(Optional.empty());
    source.list(revision, PACKAGE);
    assertThat(Files.list(tempRoot)).hasSize(1);

    source.close();

    assertThat(Files.list(tempRoot)).isEmpty();
    assertThatThrownBy(() -> source.list(revision, PACKAGE))
        .isInstanceOf(SourceException.class).hasMessageContaining("is closed");
  }

  @Test
  void removesTheTemporaryRepositoryWhenTheFetchFailsHalfway() throws IOException {
    // A tree is sent whether or not the blobs are, so the fetch breaks off either way.
    String tree = repo.git("rev-parse", "HEAD:" + PACKAGE + "/lib/deep").trim();
    Files.delete(repo.folder().resolve(".git/objects/" + tree.substring(0, 2) + "/" + tree.substring(2)));
    GitSource source = source();

    assertThatThrownBy(() -> source.resolve(Optional.empty()))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith(source.describe() + ": fetching default branch main failed: ");
    assertThat(source.requestCount()).isEqualTo(offersPartialFetch() ? 2 : 3);
    assertThat(Files.list(tempRoot)).isEmpty();
  }

  @Test
  void fingerprintIsTheFolderTreeIdAndReadsNoBlob() throws IOException {
    CountingObjectReader.Counts counts = new CountingObjectReader.Counts();
    GitSource first = countingSource(counts);
    Revision a = first.resolve(Optional.empty());
    String before = first.fingerprint(a, PACKAGE).orElseThrow();
    assertThat(counts.blobReads()).isZero();
    assertThat(counts.trees.get()).isPositive();

    repo.write("layers/other/x.txt", "other folder changed\n").commit("other only");
    GitSource second = countingSource(counts);
    Revision b = second.resolve(Optional.empty());
    counts.reset();
    String unchanged = second.fingerprint(b, PACKAGE).orElseThrow();
    String otherFolder = second.fingerprint(b, "layers/other").orElseThrow();
    assertThat(counts.blobReads()).isZero();

    repo.write(PACKAGE + "/lib/deep/nested/data.txt", "deep change\n").commit("package changed");
    GitSource third = countingSource(counts);
    Revision c = third.resolve(Optional.empty());
    counts.reset();
    String changed = third.fingerprint(c, PACKAGE).orElseThrow();

    assertThat(counts.blobReads()).isZero();
    assertThat(b.commit()).isNotEqualTo(a.commit());
    assertThat(unchanged).isEqualTo(before)
        .isEqualTo(repo.git("rev-parse", a.commit() + ":" + PACKAGE).trim());
    assertThat(otherFolder).isNotEqualTo(first.fingerprint(a, "layers/other").orElseThrow());
    assertThat(changed).isNotEqualTo(before);
  }

  @Test
  void streamsLargeBlobsInsteadOfLoadingThem() throws IOException {
    byte[] large = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(large);
    repo.write(PACKAGE + "/lib/large.bin", large).commit("large");
    CountingObjectReader.Counts counts = new CountingObjectReader.Counts();
    GitSource source = countingSource(counts);
    Revision revision = source.resolve(Optional.empty());
    TreeEntry entry = entry(source.list(revision, PACKAGE), "lib/large.bin");
    counts.reset();

    byte[] read = readBytes(source, revision, PACKAGE, entry);

    assertThat(entry.size()).isEqualTo(large.length);
    assertThat(read).isEqualTo(large);
    assertThat(counts.largeLoaders.get()).isEqualTo(1);
  }

  @Test
  void opensEntriesConcurrentlyFromManyThreads() throws Exception {
    for (int i = 0; i < 200; i++) {
      repo.write(PACKAGE + "/many/f" + i + ".txt", "content of " + i + "\n".repeat(i));
    }
    repo.commit("many files");
    GitSource source = source();
    Revision revision = source.resolve(Optional.empty());
    PackageTree tree = source.list(revision, PACKAGE);
    List<TreeEntry> files = tree.entries().stream().filter(e -> e.path().startsWith("many/")
        && e.kind() == EntryKind.FILE).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Map.Entry<TreeEntry, byte[]>>> reads = new ArrayList<>();
      for (TreeEntry file : files) {
        reads.add(pool.submit(() -> Map.entry(file, readBytes(source, revision, PACKAGE, file))));
      }
      for (Future<Map.Entry<TreeEntry, byte[]>> read : reads) {
        Map.Entry<TreeEntry, byte[]> result = read.get();
        String name = result.getKey().path();
        int i = Integer.parseInt(name.substring("many/f".length(), name.length() - 4));
        assertThat(new String(result.getValue(), StandardCharsets.UTF_8))
            .isEqualTo("content of " + i + "\n".repeat(i));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(files).hasSize(200);
  }

  GitSource countingSource(CountingObjectReader.Counts counts) throws IOException {
    GitSourceSettings settings = GitSourceSettings
        .forSourceUri(sourceUri(repo), Optional.empty(), Optional.empty())
        .withTempRoot(tempRoot);
    GitSource source = new GitSource(settings,
        repository -> new CountingObjectReader(repository.newObjectReader(), counts));
    opened.add(source);
    return source;
  }

  static List<Path> filesUnder(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
