package io.layerkit.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.source.Revision;
import io.layerkit.source.SourceException;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit that no branch or tag points at, asked for by its id: fetched when the server sends
 * it (over HTTP Git checks it is reachable from a branch), otherwise a clear error that says what
 * to do, and no temporary repository left behind. (Git's protocol v2 server sends any object
 * asked for, so the refusal is shown against the original protocol, as older servers speak it.)
 */
class GitSourceWantByIdOverHttpTest {
  @TempDir Path work;
  private GitHttpBackendServer server;
  private FixtureRepository repo;
  private String older;

  @BeforeEach
  void serveRepositoryWithTwoCommits() throws IOException {
    repo = FixtureRepository.init(work.resolve("remotes/history"));
    older = repo.write("pkg/a.txt", "a\n").commit("first");
    repo.write("pkg/b.txt", "b\n").commit("second");
    server = GitHttpBackendServer.protocolV0Only(work.resolve("remotes"));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private GitSource source() {
    return new GitSource(GitSourceSettings
        .forSourceUri("git+" + server.url("history"), Optional.empty(), Optional.empty())
        .withTempRoot(work.resolve("tmp")));
  }

  @Test
  void fetchesTheCommitWhenTheServerAllowsReachableIds() throws IOException {
    repo.config("uploadpack.allowReachableSHA1InWant", "true");
    try (GitSource source = source()) {
      Revision revision = source.resolve(Optional.of(older));

      assertThat(revision.commit()).isEqualTo(older);
      // the server offers no partial fetch: ls-remote, then ls-remote + fetch
      assertThat(source.requestCount()).isEqualTo(3);
      assertThat(source.list(revision, "pkg").entries()).extracting(TreeEntry::path)
          .containsExactly("a.txt");
    }
  }

  @Test
  void explainsTheRefusalOfACommitNoBranchContains() throws IOException {
    String abandoned = repo.checkout("-b", "abandoned").write("pkg/c.txt", "c\n").commit("gone");
    repo.checkout("main").git("branch", "-D", "abandoned");
    try (GitSource source = source()) {
      assertThatThrownBy(() -> source.resolve(Optional.of(abandoned)))
          .isInstanceOf(SourceException.class)
          .hasMessageStartingWith(source.describe() + " refused to send commit " + abandoned
              + ": it is not the tip of a branch or tag, and the server does not send other"
              + " commits by id");
    }
    assertThat(Files.list(work.resolve("tmp"))).isEmpty();
  }
}
