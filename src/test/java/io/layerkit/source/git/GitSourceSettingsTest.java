package io.layerkit.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.source.Secret;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which URIs become which remote and which user goes with the token. */
class GitSourceSettingsTest {
  private static final Optional<Secret> TOKEN = Optional.of(Secret.of("tok-123456"));

  @Test
  void gitPlusUrisLoseThePrefixAndKeepTheRest() {
    GitSourceSettings https = GitSourceSettings.forSourceUri(
        "git+https://git.example.com/team/layers.git", TOKEN, Optional.empty());
    GitSourceSettings file = GitSourceSettings.forSourceUri(
        "git+file:///srv/git/layers.git", Optional.empty(), Optional.empty());

    assertThat(https.remote().toString()).isEqualTo("https://git.example.com/team/layers.git");
    assertThat(https.description()).isEqualTo("git+https://git.example.com/team/layers.git");
    assertThat(https.effectiveUsername()).isEqualTo("x-token-auth");
    assertThat(file.remote().getPath()).isEqualTo("/srv/git/layers.git");
    assertThat(file.tempRoot().toString()).isEqualTo(System.getProperty("java.io.tmpdir"));
  }

  @Test
  void aConfiguredUserGoesWithTheToken() {
    GitSourceSettings github = GitSourceSettings.forSourceUri(
        "git+https://github.com/org/layers.git", TOKEN, Optional.of("x-access-token"));

    assertThat(github.effectiveUsername()).isEqualTo("x-access-token");
  }

  @Test
  void bitbucketThroughGitUsesTheCloneUrlAndBitbucketsTokenUsers() {
    GitSourceSettings accessToken = GitSourceSettings.forBitbucket(
        "acme", "platform", Optional.empty(), TOKEN, Optional.empty());
    GitSourceSettings apiTokenWithEmail = GitSourceSettings.forBitbucket(
        "acme", "platform", Optional.empty(), TOKEN, Optional.of("ops@acme.example"));
    GitSourceSettings apiTokenWithUsername = GitSourceSettings.forBitbucket(
        "acme", "platform", Optional.empty(), TOKEN, Optional.of("ops-bot"));

    assertThat(accessToken.remote().toString()).isEqualTo("https://bitbucket.org/acme/platform.git");
    assertThat(accessToken.effectiveUsername()).isEqualTo("x-token-auth");
    assertThat(apiTokenWithEmail.effectiveUsername()).isEqualTo("x-bitbucket-api-token-auth");
    assertThat(apiTokenWithUsername.effectiveUsername()).isEqualTo("ops-bot");
  }

  @ParameterizedTest
  @ValueSource(strings = {"git+ssh://git@bitbucket.org/acme/platform.git",
      "git+ssh://bitbucket.org/acme/platform.git", "git+SSH://git@bitbucket.org/acme/platform.git",
      "git+git@bitbucket.org:acme/platform.git"})
  void sshIsRefusedWithTheWayOut(String uri) {
    assertThatThrownBy(() -> GitSourceSettings.requireSupportedTransport(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(": SSH is not supported (it would need keys and an SSH client in"
            + " Lambda): use git+https://HOST/PATH.git with a token")
        .hasMessageNotContaining("git@");
    assertThatThrownBy(() -> GitSourceSettings.forSourceUri(uri, TOKEN, Optional.empty()))
        .hasMessageContaining("SSH is not supported");
  }

  @ParameterizedTest
  @ValueSource(strings = {"git+file://relative", "git+file://relative/repo", "git+file:relative",
      "git+file://"})
  void aFileUrlMustNameAnAbsolutePath(String uri) {
    assertThatThrownBy(() -> GitSourceSettings.forSourceUri(uri, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + uri + "' is not a path on this machine: write git+file:///ABSOLUTE/PATH"
            + " (three slashes), e.g. git+file:///home/me/platform");
  }

  @Test
  void aFileUrlOfThisMachineIsAccepted() {
    assertThat(GitSourceSettings.forSourceUri("git+file:///srv/git/layers.git", Optional.empty(),
        Optional.empty()).remote().getPath()).isEqualTo("/srv/git/layers.git");
    assertThat(GitSourceSettings.forSourceUri("git+file://localhost/srv/git/layers.git",
        Optional.empty(), Optional.empty()).remote().getPath()).isEqualTo("/srv/git/layers.git");
  }

  @Test
  void credentialsInTheUrlAreRefusedWithoutBeingRepeated() {
    assertThatThrownBy(() -> GitSourceSettings.forSourceUri(
        "git+https://x-token-auth:tok-123456@bitbucket.org/acme/platform.git", Optional.empty(),
        Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the Git URL https://bitbucket.org/acme/platform.git carries a user or"
            + " password: remove it and pass the token through the token options")
        .hasMessageNotContaining("tok-123456");
  }

  @Test
  void otherSchemesAreNotGitSources() {
    assertThatThrownBy(() -> GitSourceSettings.forSourceUri(
        "https://bitbucket.org/acme/platform.git", TOKEN, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a Git source: use git+https://HOST/PATH.git or git+file:///PATH");
  }

  @Test
  void theTokenNeverShowsInTheSettingsText() {
    GitSourceSettings settings = GitSourceSettings.forSourceUri(
        "git+https://git.example.com/layers.git", TOKEN, Optional.empty());

    assertThat(settings.toString()).doesNotContain("tok-123456");
  }

  @Test
  void aTokenTravelsOverPlainHttpOnlyToThisMachine() {
    assertThat(GitSourceSettings.forSourceUri("git+http://127.0.0.1:8080/layers.git", TOKEN,
        Optional.empty()).remote().getHost()).isEqualTo("127.0.0.1");
    assertThat(GitSourceSettings.forSourceUri("git+http://git.internal/layers.git",
        Optional.empty(), Optional.empty()).remote().getHost()).isEqualTo("git.internal");
    assertThatThrownBy(() -> GitSourceSettings.forSourceUri(
        "git+http://git.internal/layers.git", TOKEN, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refusing to send the token in clear text to http://git.internal/layers.git:"
            + " use https://");
  }

  @Test
  void aHostNameThatOnlyLooksLikeLoopbackGetsNoTokenOverPlainHttp() {
    // names that resolve wherever their owner wants, not addresses of this machine
    for (String host : List.of("127.0.0.1.nip.io", "127.attacker.example", "localhost.example")) {
      assertThatThrownBy(() -> GitSourceSettings.forSourceUri(
          "git+http://" + host + "/layers.git", TOKEN, Optional.empty()))
          .as(host)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("refusing to send the token in clear text");
    }
    assertThat(GitSourceSettings.forSourceUri("git+http://127.10.0.3:8080/layers.git", TOKEN,
        Optional.empty()).remote().getHost()).isEqualTo("127.10.0.3");
    assertThat(GitSourceSettings.forSourceUri("git+http://[::1]:8080/layers.git", TOKEN,
        Optional.empty()).remote().getPort()).isEqualTo(8080);
  }
}
