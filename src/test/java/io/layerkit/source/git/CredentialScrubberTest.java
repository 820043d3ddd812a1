package io.layerkit.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.source.Secret;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.errors.TransportException;
import org.junit.jupiter.api.Test;

/** Text from JGit loses URL userinfo, the token and its line breaks before it reaches a message. */
class CredentialScrubberTest {
  private final CredentialScrubber scrubber = new CredentialScrubber(
      Optional.of(Secret.of("s3cr3t-token")), "https://git.example.com/layers.git");

  @Test
  void removesUserInfoTokenAndTheRepeatedRemote() {
    String scrubbed = scrubber.scrub("https://git.example.com/layers.git: cannot open"
        + " https://x-token-auth:s3cr3t-token@git.example.com/layers.git/info/refs\nretry with"
        + " s3cr3t-token");

    assertThat(scrubbed).isEqualTo(
        "cannot open https://git.example.com/layers.git/info/refs retry with ****");
  }

  @Test
  void describesTheInnermostCause() {
    TransportException failure = new TransportException("https://git.example.com/layers.git: boom",
        new IOException("connection reset by s3cr3t-token"));

    assertThat(scrubber.describe(failure)).isEqualTo("connection reset by ****");
  }
}
