package io.layerkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.registry.Release;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Signing decides whether a release may stand, never whether the content changed. */
class ComparisonTest {
  private static final String CONTENT = "cd".repeat(32);
  private static final ArchiveResult ARCHIVE =
      new ArchiveResult(Path.of("requests.zip"), "ab".repeat(32), 10, 1, 10, CONTENT);

  private static Release release(String signedKey) {
    return new Release("requests", "requests-20261123223500", "layers/requests/r.zip", "s3://b/k",
        "ab".repeat(32), CONTENT, 10, 1, 10, "c0ffee", "bitbucket://acme/platform",
        "layers/requests", null, Instant.parse("2026-11-23T22:35:00Z"), null, null, null, null,
        null, null, signedKey, signedKey == null ? null : "ef".repeat(32), null, null);
  }

  @Test
  void anUnsignedReleaseDoesNotStandOnceSigningIsAskedFor() {
    Comparison signing = new Comparison(false, false, true);

    assertThat(signing.unchanged(Optional.of(release(null)), ARCHIVE)).isEmpty();
    assertThat(signing.whyChanged(Optional.of(release(null)), ARCHIVE))
        .isEqualTo("not code-signed yet");
  }

  @Test
  void aSignedReleaseOfTheSameContentStandsWhateverItsSignedDigest() {
    assertThat(new Comparison(false, false, true)
        .unchanged(Optional.of(release("layers/requests/signed/job.zip")), ARCHIVE))
        .contains("content digest unchanged since requests-20261123223500");
    assertThat(new Comparison(false, false, false).unchanged(Optional.of(release(null)), ARCHIVE))
        .as("without signing, an unsigned release stands").isPresent();
  }
}
