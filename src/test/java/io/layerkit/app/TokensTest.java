package io.layerkit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.config.ConfigException;
import io.layerkit.config.TokenSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    TokenSettings github = new TokenSettings("GITHUB_TOKEN", Optional.empty(), Optional.empty(),
        Optional.of("--token-env"));
    TokenSettings parameter = new TokenSettings(TokenSettings.DEFAULT_ENV_VAR,
        Optional.of("/ci/token"), Optional.empty(), Optional.of("--token-parameter"));
    assertThat(Tokens.appliesToGitRemote(github, "git+https://github.com/acme/x.git")).isTrue();
    assertThat(Tokens.appliesToGitRemote(parameter, "git+https://git.acme.internal/x.git")).isTrue();
  }

  /** The repository's own layerkit.yaml naming a token does not let it go to its remote. */
  @Test
  void aTokenNamedOnlyByTheRepositorysFileGoesOnlyToBitbucket() {
    TokenSettings fromFile = new TokenSettings("CI_SECRET", Optional.of("/ci/token"),
        Optional.empty());
    assertThat(Tokens.appliesToGitRemote(fromFile, "git+https://evil.example/x.git")).isFalse();
    assertThat(Tokens.appliesToGitRemote(fromFile, "git+https://bitbucket.org/acme/x.git"))
        .isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tok-7f3a9c\\r\\nX-Injected: 1 | a line break",
      "tok-7f3a9c\\nsecond-line     | a line break",
      "tok-7f3a\\t9c               | a control character",
      "tok-7f3a 9c                | a space",
      "tok-7f3a\u00e99c               | a character outside ASCII"})
  void aValueNoHeaderMayCarryIsRefusedNamingTheVariableNotTheValue(String escaped,
      String problem) {
    String value = escaped.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
    TokenSettings settings = new TokenSettings("CI_TOKEN", Optional.empty(), Optional.empty());

    assertThatThrownBy(() -> Tokens.fromEnvironment(settings, Map.of("CI_TOKEN", value + "\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("the token in environment variable CI_TOKEN contains " + problem
            + ", which no token holds and no HTTP header may carry: set the variable to the token"
            + " alone, on one line (the value is not shown)")
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tok-7f3a").doesNotContain("9c"));
  }

  @Test
  void blankVariablesAreNoToken() {
    assertThat(Tokens.fromEnvironment(DEFAULT, Map.of("BITBUCKET_TOKEN", "  "))).isEmpty();
    assertThat(Tokens.fromEnvironment(DEFAULT, Map.of("BITBUCKET_TOKEN", " t0k\n")).orElseThrow()
        .reveal()).isEqualTo("t0k");
  }
}
