package io.layerkit.source.bitbucket;

import static io.layerkit.source.bitbucket.TestSources.COMMIT_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.source.PackageSource;
import io.layerkit.source.Revision;
import io.layerkit.source.local.LocalDirectorySource;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same tree, once on disk and once behind the Bitbucket API, gives the same package tree and
 * the same bytes for every entry: what the archive is built from does not depend on the source.
 */
class BitbucketSourceMatchesLocalSourceTest {
  @RegisterExtension
  static final BitbucketServer server = new BitbucketServer();

  static final String FOLDER = BitbucketListingAgainstWireMockTest.FOLDER;

  @TempDir
  Path checkout;

  @Test
  void sameTreeAndSameBytesAsTheLocalFolder() throws Exception {
    RepoTree repo = BitbucketListingAgainstWireMockTest.layerTree()
        .executable(FOLDER + "/bin/run.sh", "#!/bin/sh\nexec tool \"$@\"\n")
        .symlink(FOLDER + "/python/requests/compat.py", "../odd names/a file #1 ?&+%.txt")
        .file(FOLDER + "/python/.hidden", "kept\n")
        .file(FOLDER + "/nodejs/node_modules/left-pad/index.js", "module.exports = 1;\n");
    repo.writeTo(checkout);
    server.stub().tree(COMMIT_A, repo, 4);

    try (PackageSource local = new LocalDirectorySource(checkout);
        BitbucketSource bitbucket = new BitbucketSource(server.settings())) {
      Revision folder = local.resolve(Optional.empty());
      Revision pinned = new Revision(Optional.of("main"), COMMIT_A);
      PackageTree fromDisk = local.list(folder, FOLDER);
      PackageTree fromApi = bitbucket.list(pinned, FOLDER);

      assertThat(fromApi).isEqualTo(fromDisk);
      assertThat(fromApi.entries()).filteredOn(TreeEntry::isSymlink).hasSize(2);
      assertThat(fromApi.entries()).filteredOn(TreeEntry::executable).hasSize(2);
      for (TreeEntry entry : fromApi.entries()) {
        if (!entry.isDirectory()) {
          assertThat(content(bitbucket, pinned, entry)).as(entry.path())
              .isEqualTo(content(local, folder, entry));
        }
      }
    }
  }

  static byte[] content(PackageSource source, Revision revision, TreeEntry entry)
      throws IOException {
    try (InputStream in = source.open(revision, FOLDER, entry)) {
      return in.readAllBytes();
    }
  }
}
