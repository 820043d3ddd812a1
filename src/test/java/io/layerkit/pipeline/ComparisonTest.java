package io.layerkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.registry.Release;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Signing decides whether a release may stand, never whether the content changed. */
class ComparisonTest {
  private static final String CONTENT = "cd".repeat(32);

  private static Release release(String signedKey) {
    return new Release("requests", "requests-20261123223500", "layers/requests/r.zip", "s3://b/k",
        "ab".repeat(32), CONTENT, 10, 1, 10, "c0ffee", "bitbucket://acme/platform",
        "layers/requests", null, Instant.parse("2026-11-23T22:35:00Z"), null, null, null, null,
        null, null, null, null, signedKey, signedKey == null ? null : "ef".repeat(32), null, null);
  }

  @Test
  void anUnsignedReleaseDoesNotStandOnceSigningIsAskedFor() {
    assertThat(new Comparison(false, false, true).mayReuse(release(null))).isFalse();
  }

  @Test
  void aSignedReleaseStandsWhateverItsSignedDigest() {
    assertThat(new Comparison(false, false, true)
        .mayReuse(release("layers/requests/signed/job.zip"))).isTrue();
    assertThat(new Comparison(false, false, false).mayReuse(release(null)))
        .as("without signing, an unsigned release stands").isTrue();
  }
}
