package io.layerkit.source.git;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.layerkit.source.Secret;
import io.layerkit.source.SourceException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Git host's HTTP status means is read from the status, never from digits that happen to
 * be in the URL: a missing repository under {@code team-401/} is missing, not a refused token.
 */
class GitSourceFailureMessagesOverHttpTest {
  @TempDir Path work;

  private GitSource source(String url, Optional<Secret> token) {
    return new GitSource(GitSourceSettings.forSourceUri("git+" + url, token, Optional.empty())
        .withTempRoot(work.resolve("tmp")));
  }

  @Test
  void aMissingRepositoryIsNotFoundWhateverDigitsItsUrlHolds() throws IOException {
    FixtureRepository.init(work.resolve("remotes/present")).write("a/b.txt", "b").commit("first");
    try (GitHttpBackendServer server = GitHttpBackendServer.open(work.resolve("remotes"));
        GitSource source = source(server.url("team-401/repo-403.git"), Optional.empty())) {
      assertThatThrownBy(() -> source.resolve(Optional.empty()))
          .isInstanceOf(SourceException.class)
          .hasMessageStartingWith("no Git repository at " + source.describe())
          .hasMessageNotContaining("refused the credentials");
    }
  }

  @Test
  void aForbiddenAnswerIsARefusedToken() throws IOException {
    HttpServer forbidding = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    forbidding.createContext("/", exchange -> {
      try (exchange) {
        exchange.sendResponseHeaders(403, -1);
      }
    });
    forbidding.start();
    String url = "http://127.0.0.1:" + forbidding.getAddress().getPort() + "/team/repo.git";
    try (GitSource source = source(url, Optional.of(Secret.of("tok-3f9a8b7c")))) {
      assertThatThrownBy(() -> source.resolve(Optional.empty()))
          .isInstanceOf(SourceException.class)
          .hasMessageStartingWith(source.describe() + " refused the credentials");
    } finally {
      forbidding.stop(0);
    }
  }
}
