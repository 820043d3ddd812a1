package io.layerkit.source.bitbucket;

import io.layerkit.source.BitbucketRepo;
import io.layerkit.source.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Sources and constants shared by the WireMock tests. */
final class TestSources {
  static final String WORKSPACE = "acme";
  static final String REPO = "platform";
  static final String TOKEN = "tok-SECRET-7f3a9c";
  static final String COMMIT_A = "3f2a9c01b7de4a5b8c9d0e1f2a3b4c5d6e7f8091";
  static final String COMMIT_B = "9e8d7c6b5a49382716051f2e3d4c5b6a79880a1b";

  private TestSources() {}

  /**
   * Fast retries and short timeouts, so failure paths finish in well under a second each; nothing
   * fetched ahead while listing, so each test sees exactly the requests it makes.
   */
  static BitbucketSettings settings(String baseUrl) {
    return BitbucketSettings.of(new BitbucketRepo(WORKSPACE, REPO), Optional.of(Secret.of(TOKEN)),
            Optional.empty(), "BITBUCKET_TOKEN")
        .withApiUrl(URI.create(baseUrl))
        .withRetry(new RetrySettings(4, Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofSeconds(10)))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(800))
        .withPrefetchBytes(0);
  }
}
