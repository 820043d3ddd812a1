package io.layerkit.source.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.config.Secret;
import io.layerkit.config.SourceSettings;
import io.layerkit.config.TokenSettings;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BitbucketSettingsTest {

  @Test
  void parsesTheSourceUri() {
    assertThat(BitbucketRepo.parse("bitbucket://acme/platform"))
        .isEqualTo(new BitbucketRepo("acme", "platform"));
    assertThat(BitbucketRepo.parse("bitbucket://acme/platform.git/"))
        .isEqualTo(new BitbucketRepo("acme", "platform"));
    assertThat(new BitbucketRepo("acme", "platform").uri()).isEqualTo("bitbucket://acme/platform");
  }

  @Test
  void refusesMalformedSourceUris() {
    for (String bad : new String[] {"bitbucket://acme", "bitbucket://acme/a/b", "bitbucket:///x",
        "git+https://bitbucket.org/acme/platform", "bitbucket://ac me/platform"}) {
      assertThatThrownBy(() -> BitbucketRepo.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bitbucket://WORKSPACE/REPO");
    }
  }

  @Test
  void readsTheSourceSettings() {
    SourceSettings config = new SourceSettings("bitbucket://acme/platform", Optional.of("main"),
        Optional.of("http://127.0.0.1:8089/"), Optional.empty(), Optional.empty(),
        new TokenSettings("BB_TOKEN", Optional.empty(), Optional.of("ops@example.com")));

    BitbucketSettings settings = BitbucketSettings.from(config, Optional.of(Secret.of("t0ken")));

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

    BitbucketSettings settings = BitbucketSettings.from(config, Optional.empty());

    assertThat(settings.apiUrl()).isEqualTo(URI.create("https://api.bitbucket.org"));
    assertThat(settings.tokenOrigin()).isEqualTo("SSM parameter /layerkit/bitbucket-token");
  }

  @Test
  void refusesAUsernameWithoutAToken() {
    assertThatThrownBy(() -> BitbucketSettings.of(new BitbucketRepo("acme", "platform"),
            Optional.empty(), Optional.of("ops@example.com"), "BITBUCKET_TOKEN"))
        .hasMessage("a Bitbucket username is set but no token: set the API token in"
            + " BITBUCKET_TOKEN");
  }

  @Test
  void refusesAnApiUrlThatIsNotHttp() {
    BitbucketSettings settings = BitbucketSettings.of(new BitbucketRepo("acme", "platform"),
        Optional.empty(), Optional.empty(), "BITBUCKET_TOKEN");
    assertThatThrownBy(() -> settings.withApiUrl(URI.create("ftp://example.com")))
        .hasMessageContaining("bad Bitbucket API URL");
    assertThatThrownBy(() -> settings.withApiUrl(URI.create("https://user:pw@example.com")))
        .hasMessageContaining("bad Bitbucket API URL");
  }

  @Test
  void anApiUrlCarryingCredentialsIsRefusedWithoutRepeatingThem() {
    BitbucketSettings settings = BitbucketSettings.of(new BitbucketRepo("acme", "platform"),
        Optional.empty(), Optional.empty(), "BITBUCKET_TOKEN");
    assertThatThrownBy(() -> settings.withApiUrl(URI.create("https://ops:s3cr3t-tok@example.com")))
        .hasMessage("bad Bitbucket API URL 'https://example.com': it carries a user or password;"
            + " remove them and pass the token through the token options");
    assertThatThrownBy(() -> BitbucketSettings.from(new SourceSettings("bitbucket://acme/platform",
            Optional.empty(), Optional.of("https://ops:s3cr3t tok@example.com"), Optional.empty(),
            Optional.empty(), new TokenSettings("BITBUCKET_TOKEN", Optional.empty(), Optional.empty())),
        Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void aTokenTravelsOverPlainHttpOnlyToThisMachine() {
    BitbucketSettings withToken = BitbucketSettings.of(new BitbucketRepo("acme", "platform"),
        Optional.of(Secret.of("t0ken")), Optional.empty(), "BITBUCKET_TOKEN");
    for (String url : List.of("http://bitbucket.internal", "http://127.0.0.1.nip.io:8080")) {
      assertThatThrownBy(() -> withToken.withApiUrl(URI.create(url))).as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("refusing to send the token in clear text to " + url + ": use https://");
    }
    assertThat(withToken.withApiUrl(URI.create("http://localhost:8089")).apiUrl())
        .hasToString("http://localhost:8089");
    assertThat(withToken.withApiUrl(URI.create("http://127.0.0.1:8089")).apiUrl())
        .hasToString("http://127.0.0.1:8089");
    BitbucketSettings anonymous = BitbucketSettings.of(new BitbucketRepo("acme", "platform"),
        Optional.empty(), Optional.empty(), "BITBUCKET_TOKEN");
    assertThat(anonymous.withApiUrl(URI.create("http://bitbucket.internal")).apiUrl())
        .hasToString("http://bitbucket.internal");
  }
}
