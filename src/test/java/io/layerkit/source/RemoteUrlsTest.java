package io.layerkit.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemoteUrlsTest {

  @Test
  void removesUserAndPasswordWhereverAUrlStands() {
    assertThat(RemoteUrls.withoutUserInfo("https://me:s3cr@t@bitbucket.org/acme/x.git"))
        .isEqualTo("https://bitbucket.org/acme/x.git");
    assertThat(RemoteUrls.withoutUserInfo("cannot fetch https://tok@host/a then http://u:p@h/b"))
        .isEqualTo("cannot fetch https://host/a then http://h/b");
    assertThat(RemoteUrls.withoutUserInfo("https://host/path/with@sign")).isEqualTo(
        "https://host/path/with@sign");
    assertThat(RemoteUrls.hasUserInfo("s3://AKIA:key@bucket/prefix")).isTrue();
    assertThat(RemoteUrls.hasUserInfo("s3://bucket/prefix")).isFalse();
  }

  @Test
  void loopbackMeansAnAddressOfThisMachineNotALookalikeName() {
    assertThat(RemoteUrls.isLoopbackHost("localhost")).isTrue();
    assertThat(RemoteUrls.isLoopbackHost("127.0.0.1")).isTrue();
    assertThat(RemoteUrls.isLoopbackHost("[::1]")).isTrue();
    assertThat(RemoteUrls.isLoopbackHost("127.0.0.1.nip.io")).isFalse();
    assertThat(RemoteUrls.isLoopbackHost("bitbucket.org")).isFalse();
    assertThat(RemoteUrls.isLoopbackHost(null)).isFalse();
  }
}
