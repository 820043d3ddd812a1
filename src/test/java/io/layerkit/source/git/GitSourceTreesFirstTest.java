package io.layerkit.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.source.Revision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What arrives in the temporary repository when: against a server that offers partial fetches,
 * pinning and fingerprinting bring trees and no file content, and the blobs come when a folder is
 * listed; against one that does not, everything comes with the pin.
 */
class GitSourceTreesFirstTest {
  @TempDir Path work;
  private FixtureRepository repo;
  private Path tempRoot;

  @BeforeEach
  void createRepository() {
    repo = FixtureRepository.init(work.resolve("remote"));
    repo.write("layers/a/one.txt", "one\n").write("layers/a/lib/two.txt", "two\n")
        .write("layers/b/three.txt", "three\n").commit("first");
    tempRoot = work.resolve("tmp");
  }

  private GitSource source() {
    return new GitSource(GitSourceSettings
        .forSourceUri(repo.fileSourceUri(), Optional.empty(), Optional.empty())
        .withTempRoot(tempRoot));
  }

  private List<ObjectId> blobs() {
    return List.of("layers/a/one.txt", "layers/a/lib/two.txt", "layers/b/three.txt").stream()
        .map(path -> ObjectId.fromString(repo.git("rev-parse", "HEAD:" + path).trim()))
        .toList();
  }

  private boolean localHas(ObjectId id) throws IOException {
    List<Path> folders;
    try (var list = Files.list(tempRoot)) {
      folders = list.toList();
    }
    assertThat(folders).hasSize(1);
    try (Repository local = new FileRepositoryBuilder().setGitDir(folders.get(0).toFile()).build()) {
      return local.getObjectDatabase().has(id);
    }
  }

  @Test
  void fingerprintsWithoutDownloadingAnyFileContentWhenTheServerFiltersBlobs() throws IOException {
    repo.config("uploadpack.allowFilter", "true");
    try (GitSource source = source()) {
      Revision revision = source.resolve(Optional.empty());
      String fingerprint = source.fingerprint(revision, "layers/a").orElseThrow();

      assertThat(fingerprint).isEqualTo(repo.git("rev-parse", "HEAD:layers/a").trim());
      assertThat(localHas(ObjectId.fromString(fingerprint))).isTrue();
      for (ObjectId blob : blobs()) {
        assertThat(localHas(blob)).as("blob %s", blob.name()).isFalse();
      }
      assertThat(source.requestCount()).isEqualTo(2);

      assertThat(source.list(revision, "layers/a").fileCount()).isEqualTo(2);

      for (ObjectId blob : blobs()) {
        assertThat(localHas(blob)).as("blob %s", blob.name()).isTrue();
      }
      assertThat(source.requestCount()).isEqualTo(4);
    }
  }

  @Test
  void fetchesEverythingAtOnceWhenTheServerDoesNotFilter() throws IOException {
    try (GitSource source = source()) {
      Revision revision = source.resolve(Optional.empty());

      for (ObjectId blob : blobs()) {
        assertThat(localHas(blob)).as("blob %s", blob.name()).isTrue();
      }
      source.list(revision, "layers/a");
      source.list(revision, "layers/b");
      assertThat(source.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void removesTheRepositoryOnCloseWhenTheLaterBlobFetchFails() throws IOException {
    repo.config("uploadpack.allowFilter", "true");
    ObjectId blob = blobs().get(0);
    Files.delete(repo.folder().resolve(".git/objects/" + blob.name().substring(0, 2) + "/"
        + blob.name().substring(2)));
    GitSource source = source();
    Revision revision = source.resolve(Optional.empty());

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> source.list(revision, "layers/a"))
        .isInstanceOf(io.layerkit.source.SourceException.class)
        .hasMessageStartingWith(source.describe() + ": fetching default branch main failed: ");
    source.close();

    assertThat(tempRoot).isEmptyDirectory();
  }
}
