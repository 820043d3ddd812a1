package io.layerkit.source.bitbucket;

import static io.layerkit.source.bitbucket.TestSources.COMMIT_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.source.PackageSource;
import io.layerkit.source.Revision;
import io.layerkit.source.git.GitSource;
import io.layerkit.source.git.GitSourceSettings;
import io.layerkit.source.local.LocalDirectorySource;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tree, committed with {@code git} and served by the Bitbucket API stub, gives the same
 * package tree and the same bytes from all three sources: a checkout read as a local folder, the
 * commit read through the Git source and the Bitbucket API source.
 */
class BitbucketGitAndLocalSourcesAgreeTest {
  @RegisterExtension
  static final BitbucketServer server = new BitbucketServer();

  static final String FOLDER = "lambda/layers/tools";

  @TempDir Path work;

  @Test
  void sameTreeAndBytesFromTheFolderGitAndTheApi() throws Exception {
    RepoTree repo = new RepoTree()
        .executable(FOLDER + "/bin/tool", "#!/bin/sh\necho tool\n")
        .executable(FOLDER + "/bin/empty-hook", "")
        .executable(FOLDER + "/python/lib/deep/er/run.sh", "#!/bin/sh\nexec python3 \"$@\"\n")
        .file(FOLDER + "/python/lib/deep/er/__init__.py", "")
        .file(FOLDER + "/lib/v1/native.txt", "native\n")
        .symlink(FOLDER + "/lib/current", "v1")
        .symlink(FOLDER + "/lib/system-python", "/opt/python/bin/python3")
        .symlink(FOLDER + "/bin/tool-again", "../bin/./tool")
        .file(FOLDER + "/\u00fcn\u00efc\u00f6d\u00e9/\u65e5\u672c\u8a9e.py", "x = '\u65e5\u672c'\n")
        .file(FOLDER + "/odd names/a file #1 ?&+%.txt", "odd\n")
        .file(FOLDER + "/.config/.hidden", "kept\n")
        .file("lambda/layers/other/outside.py", "not in the package\n");
    Path checkout = work.resolve("checkout");
    repo.writeTo(checkout);
    git(checkout, "init", "-q", "-b", "main");
    git(checkout, "add", "-A");
    git(checkout, "commit", "-q", "-m", "layer");
    server.stub().tree(COMMIT_A, repo, 3);

    try (PackageSource local = new LocalDirectorySource(checkout);
        GitSource git = new GitSource(GitSourceSettings.forSourceUri("git+file://" + checkout,
            Optional.empty(), Optional.empty()).withTempRoot(work.resolve("tmp")));
        BitbucketSource bitbucket = new BitbucketSource(server.settings())) {
      Map<PackageSource, Revision> revisions = Map.of(
          local, local.resolve(Optional.empty()),
          git, git.resolve(Optional.of("main")),
          bitbucket, new Revision(Optional.of("main"), COMMIT_A));
      PackageTree expected = local.list(revisions.get(local), FOLDER);

      assertThat(expected.entries()).filteredOn(TreeEntry::executable).hasSize(3);
      assertThat(expected.entries()).filteredOn(TreeEntry::isSymlink).hasSize(3);
      for (PackageSource source : revisions.keySet()) {
        Revision revision = revisions.get(source);
        PackageTree tree = source.list(revision, FOLDER);
        assertThat(tree).as(source.describe()).isEqualTo(expected);
        for (TreeEntry entry : tree.entries()) {
          if (!entry.isDirectory()) {
            assertThat(content(source, revision, entry)).as(source.describe() + " " + entry.path())
                .isEqualTo(content(local, revisions.get(local), entry));
          }
        }
      }
    }
  }

  private static byte[] content(PackageSource source, Revision revision, TreeEntry entry)
      throws IOException {
    try (InputStream in = source.open(revision, FOLDER, entry)) {
      return in.readAllBytes();
    }
  }

  /** Runs git without user or system configuration, with a fixed identity. */
  private static void git(Path folder, String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 5];
    command[0] = "git";
    command[1] = "-c";
    command[2] = "user.name=layerkit";
    command[3] = "-c";
    command[4] = "user.email=layerkit@example.com";
    System.arraycopy(args, 0, command, 5, args.length);
    ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
        .redirectErrorStream(true);
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
  }
}
