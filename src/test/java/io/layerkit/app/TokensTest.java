package io.layerkit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.config.TokenSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokensTest {
  private static final TokenSettings DEFAULT = TokenSettings.defaults();

  @Test
  void theDefaultBitbucketTokenGoesOnlyToBitbucket() {
    assertThat(Tokens.appliesToGitRemote(DEFAULT, "git+https://bitbucket.org/acme/platform.git"))
        .isTrue();
    assertThat(Tokens.appliesToGitRemote(DEFAULT, "git+https://github.com/acme/platform.git"))
        .isFalse();
    assertThat(Tokens.appliesToGitRemote(DEFAULT, "git+https://bitbucket.org.evil.example/x.git"))
        .isFalse();
  }

  @Test
  void aTokenTheUserNamedGoesToTheRemoteTheyChose() {
    TokenSettings github = new TokenSettings("GITHUB_TOKEN", Optional.empty(), Optional.empty());
    TokenSettings parameter =
        new TokenSettings(TokenSettings.DEFAULT_ENV_VAR, Optional.of("/ci/token"), Optional.empty());
    assertThat(Tokens.appliesToGitRemote(github, "git+https://github.com/acme/x.git")).isTrue();
    assertThat(Tokens.appliesToGitRemote(parameter, "git+https://git.acme.internal/x.git")).isTrue();
  }

  @Test
  void blankVariablesAreNoToken() {
    assertThat(Tokens.fromEnvironment(DEFAULT, Map.of("BITBUCKET_TOKEN", "  "))).isEmpty();
    assertThat(Tokens.fromEnvironment(DEFAULT, Map.of("BITBUCKET_TOKEN", " t0k\n")).orElseThrow()
        .reveal()).isEqualTo("t0k");
  }
}
