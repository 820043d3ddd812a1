package io.layerkit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.config.ConfigException;
import io.layerkit.config.SourceSettings;
import io.layerkit.config.TokenSettings;
import io.layerkit.source.BitbucketRepo;
import io.layerkit.source.PackageSource;
import io.layerkit.source.Secret;
import io.layerkit.source.bitbucket.BitbucketSettings;
import io.layerkit.source.git.GitSourceSettings;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the configured source settings become the settings of the adapter that reads them. */
class SourceFactoryTest {
  private static final Optional<Secret> TOKEN = Optional.of(Secret.of("tok-123456"));

  @Test
  void fromSourceSettingsHandlesBitbucketWithAGitUrlOverride() {
    SourceSettings settings = new SourceSettings("bitbucket://acme/platform", Optional.of("main"),
        Optional.empty(), Optional.of("git"), Optional.of("http://127.0.0.1:8080/platform.git"),
        new TokenSettings("BITBUCKET_TOKEN", Optional.empty(), Optional.empty()));

    GitSourceSettings git = SourceFactory.gitSettings(settings, TOKEN);

    assertThat(git.remote().toString()).isEqualTo("http://127.0.0.1:8080/platform.git");
    assertThat(git.effectiveUsername()).isEqualTo("x-token-auth");
    assertThat(SourceFactory.gitSettings(new SourceSettings("git+file:///srv/layers",
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        TokenSettings.defaults()), Optional.empty()).description())
        .isEqualTo("git+file:///srv/layers");
  }

  @Test
  void aBitbucketSourceReadsTheSameThroughGitAsThroughTheApi() {
    // bitbucket://WORKSPACE/REPO is parsed once for both transports: what the API transport
    // accepts (a trailing .git or slash) names the same repository through Git
    for (String uri : List.of("bitbucket://acme/platform.git", "bitbucket://acme/platform/")) {
      SourceSettings settings = new SourceSettings(uri, Optional.empty(), Optional.empty(),
          Optional.of("git"), Optional.empty(), TokenSettings.defaults());

      assertThat(SourceFactory.gitSettings(settings, TOKEN).remote().toString()).as(uri)
          .isEqualTo("https://bitbucket.org/acme/platform.git");
    }
    SourceSettings typo = new SourceSettings("bitbucket://ac me/platform", Optional.empty(),
        Optional.empty(), Optional.of("git"), Optional.empty(), TokenSettings.defaults());
    assertThatThrownBy(() -> SourceFactory.gitSettings(typo, TOKEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad Bitbucket workspace 'ac me'");
  }

  @Test
  void readsTheSourceSettings() {
    SourceSettings config = new SourceSettings("bitbucket://acme/platform", Optional.of("main"),
        Optional.of("http://127.0.0.1:8089/"), Optional.empty(), Optional.empty(),
        new TokenSettings("BB_TOKEN", Optional.empty(), Optional.of("ops@example.com")));

    BitbucketSettings settings = SourceFactory.bitbucketSettings(config, Optional.of(Secret.of("t0ken")));

    assertThat(settings.repo()).isEqualTo(new BitbucketRepo("acme", "platform"));
    assertThat(settings.apiUrl()).isEqualTo(URI.create("http://127.0.0.1:8089"));
    assertThat(settings.username()).contains("ops@example.com");
    assertThat(settings.tokenOrigin()).isEqualTo("BB_TOKEN");
    assertThat(settings.concurrency()).isEqualTo(BitbucketSettings.DEFAULT_CONCURRENCY);
    assertThat(settings.toString()).doesNotContain("t0ken");
  }

  @Test
  void defaultsToTheCloudApiAndNamesAnSsmParameterAsTheTokenOrigin() {
    SourceSettings config = new SourceSettings("bitbucket://acme/platform", Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(),
        new TokenSettings("BITBUCKET_TOKEN", Optional.of("/layerkit/bitbucket-token"),
            Optional.empty()));

    BitbucketSettings settings = SourceFactory.bitbucketSettings(config, Optional.empty());

    assertThat(settings.apiUrl()).isEqualTo(URI.create("https://api.bitbucket.org"));
    assertThat(settings.tokenOrigin()).isEqualTo("SSM parameter /layerkit/bitbucket-token");
  }

  @Test
  void anApiUrlCarryingCredentialsIsRefusedWithoutRepeatingThem() {
    assertThatThrownBy(() -> SourceFactory.bitbucketSettings(new SourceSettings("bitbucket://acme/platform",
            Optional.empty(), Optional.of("https://ops:s3cr3t tok@example.com"), Optional.empty(),
            Optional.empty(), new TokenSettings("BITBUCKET_TOKEN", Optional.empty(), Optional.empty())),
        Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void aMalformedBitbucketUriIsRefusedForTheGitTransport() {
    assertThatThrownBy(() -> SourceFactory.gitSettings(new SourceSettings("bitbucket://acme",
        Optional.empty(), Optional.empty(), Optional.of("git"), Optional.empty(),
        TokenSettings.defaults()), TOKEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad Bitbucket source 'bitbucket://acme': expected bitbucket://WORKSPACE/REPO");
  }

  /**
   * bitbucket:// with an apiUrl or gitUrl elsewhere (which the repository's own layerkit.yaml may
   * set): the default token is refused unshown rather than sent there, unless the front door
   * named the token; with no token at all nothing would be sent and nothing is refused.
   */
  @Test
  void theDefaultTokenGoesOnlyToBitbucketsOwnHosts() {
    TokenSettings byDefault = TokenSettings.defaults();
    TokenSettings named = new TokenSettings("BITBUCKET_TOKEN", Optional.empty(), Optional.empty(),
        Optional.of("--token-env"));
    String refusal = "the Bitbucket token from BITBUCKET_TOKEN would be sent to %s, which is not"
        + " Bitbucket over https: the default token goes only to https://api.bitbucket.org and"
        + " https://bitbucket.org; to send a token elsewhere, name it with --token-env VAR or"
        + " --token-parameter NAME (in the function: BITBUCKET_TOKEN_PARAMETER), never in"
        + " layerkit.yaml";

    assertThatThrownBy(() -> open(api("https://bitbucket.evil.example"), byDefault, TOKEN))
        .isInstanceOf(ConfigException.class)
        .hasMessage(refusal.formatted("bitbucket.evil.example (apiUrl)"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tok-123456"));
    assertThatThrownBy(() -> open(api("http://api.bitbucket.org"), byDefault, TOKEN))
        .as("not over plain http either").isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> open(new SourceSettings("bitbucket://acme/platform",
        Optional.empty(), Optional.empty(), Optional.of("git"),
        Optional.of("https://git.evil.example/platform.git"), byDefault), byDefault, TOKEN))
        .hasMessage(refusal.formatted("git.evil.example (gitUrl)"));

    assertThat(open(api("https://api.bitbucket.org"), byDefault, TOKEN)).isNotNull();
    assertThat(open(api(null), byDefault, TOKEN)).isNotNull();
    assertThat(open(api("https://bitbucket.acme.internal"), named, TOKEN)).isNotNull();
    assertThat(open(api("https://bitbucket.acme.internal"), byDefault, Optional.empty()))
        .isNotNull();
  }

  private static SourceSettings api(String url) {
    return new SourceSettings("bitbucket://acme/platform", Optional.empty(),
        Optional.ofNullable(url), Optional.empty(), Optional.empty(), TokenSettings.defaults());
  }

  private static PackageSource open(SourceSettings settings, TokenSettings tokens,
      Optional<Secret> token) {
    return SourceFactory.open(new SourceSettings(settings.uri(), settings.ref(),
        settings.apiUrl(), settings.transport(), settings.gitUrl(), tokens), 2, List.of(),
        asked -> token);
  }
}
