package io.layerkit.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.layerkit.source.Revision;
import io.layerkit.source.Secret;
import io.layerkit.source.SourceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token reaches a password-protected smart HTTP server as basic auth, and never a message:
 * not on success, not when it is missing, not when the server refuses it.
 */
class GitSourceCredentialsOverHttpTest {
  private static final String TOKEN = "tok-3f9a8b7c6d5e4f3a2b1c";

  @TempDir Path work;
  private GitHttpBackendServer server;
  private FixtureRepository repo;
  private Path tempRoot;

  @BeforeEach
  void serveProtectedRepository() throws IOException {
    repo = FixtureRepository.init(work.resolve("remotes/private"));
    repo.executable("layer/bin/tool", "#!/bin/sh\n").commit("first");
    server = GitHttpBackendServer.withBasicAuth(work.resolve("remotes"),
        GitSourceSettings.BITBUCKET_ACCESS_TOKEN_USER, TOKEN);
    tempRoot = work.resolve("tmp");
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private GitSource source(Optional<Secret> token, Optional<String> user) {
    return new GitSource(GitSourceSettings
        .forSourceUri("git+" + server.url("private"), token, user)
        .withTempRoot(tempRoot));
  }

  @Test
  void sendsTheTokenAsBasicAuthWithTheAccessTokenUser() throws IOException {
    String expected = "Basic " + Base64.getEncoder().encodeToString(
        ("x-token-auth:" + TOKEN).getBytes(StandardCharsets.UTF_8));
    try (GitSource source = source(Optional.of(Secret.of(TOKEN)), Optional.empty())) {
      Revision revision = source.resolve(Optional.of("main"));

      assertThat(source.list(revision, "layer").fileCount()).isEqualTo(1);
      assertThat(source.describe()).isEqualTo("git+" + server.url("private")).doesNotContain(TOKEN);
    }
    assertThat(server.requests()).filteredOn(r -> r.status() == 200).isNotEmpty()
        .allSatisfy(r -> assertThat(r.authorization()).contains(expected));
    assertThat(Files.list(tempRoot)).isEmpty();
  }

  @Test
  void asksForATokenWhenNoneIsGiven() throws IOException {
    try (GitSource source = source(Optional.empty(), Optional.empty())) {
      assertThatThrownBy(() -> source.resolve(Optional.empty()))
          .isInstanceOf(SourceException.class)
          .hasMessageStartingWith(source.describe() + " asks for credentials: provide a token");
    }
    assertThat(Files.list(tempRoot)).isEmpty();
  }

  @Test
  void neverShowsARefusedTokenInTheMessageOrTheStackTrace() throws IOException {
    String wrong = "wrong-token-9f8e7d6c5b4a";
    try (GitSource source = source(Optional.of(Secret.of(wrong)), Optional.of("someone"))) {
      Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
          () -> source.resolve(Optional.empty()));

      assertThat(failure).isInstanceOf(SourceException.class)
          .hasMessageStartingWith(source.describe() + " refused the credentials: check the token");
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain(wrong).doesNotContain(TOKEN);
      assertThat(failure.getMessage()).doesNotContain("\n");
    }
    assertThat(server.requests()).anySatisfy(r -> assertThat(r.authorization()).contains(
        "Basic " + Base64.getEncoder().encodeToString(
            ("someone:" + wrong).getBytes(StandardCharsets.UTF_8))));
    assertThat(Files.list(tempRoot)).isEmpty();
  }

  @Test
  void neverSendsTheTokenToAnotherHostARedirectLeadsTo() throws IOException {
    // The configured remote authenticates the token, then redirects to another host that asks for
    // credentials too (here a real Git server that would accept them).
    String expected = "Basic " + Base64.getEncoder().encodeToString(
        ("x-token-auth:" + TOKEN).getBytes(StandardCharsets.UTF_8));
    HttpServer origin = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext("/", exchange -> {
      try (exchange) {
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"origin\"");
          exchange.sendResponseHeaders(401, -1);
          return;
        }
        String path = exchange.getRequestURI().getRawPath().replaceFirst("^/moved", "/private");
        exchange.getResponseHeaders().add("Location",
            server.url("").replaceAll("/$", "") + path + "?" + exchange.getRequestURI().getRawQuery());
        exchange.sendResponseHeaders(302, -1);
      }
    });
    origin.start();
    String remote = "http://localhost:" + origin.getAddress().getPort() + "/moved";
    try (GitSource source = new GitSource(GitSourceSettings
        .forSourceUri("git+" + remote, Optional.of(Secret.of(TOKEN)), Optional.empty())
        .withTempRoot(tempRoot))) {
      assertThatThrownBy(() -> source.resolve(Optional.of("main")))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining(" redirected to http://127.0.0.1:")
          .hasMessageNotContaining(TOKEN);
    } finally {
      origin.stop(0);
    }
    assertThat(server.requests()).isNotEmpty()
        .allSatisfy(r -> assertThat(r.authorization()).isEmpty());
    assertThat(Files.list(tempRoot)).isEmpty();
  }
}
