package io.layerkit.source.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.source.BitbucketRepo;
import io.layerkit.source.Secret;
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
