package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Bitbucket Cloud on WireMock for the source tests: a WireMock server (one per test class, its
 * stubs and journal cleared before each test) with a {@link BitbucketApiStub} for
 * {@code acme/platform} and {@link BitbucketSource}s pointed at it that are closed after each test.
 *
 * <p>Register it on a static field; a test instance may take its stub and source in field
 * initialisers, but register answers in the test or a {@code @BeforeEach}: WireMock forgets them
 * before each test.
 */
final class BitbucketServer extends WireMockExtension {
  private final List<BitbucketSource> opened = new ArrayList<>();

  BitbucketServer() {
    super(WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()));
  }

  /** A new stub for {@code acme/platform} on this server (new, so its random bytes repeat). */
  BitbucketApiStub stub() {
    return new BitbucketApiStub(getRuntimeInfo().getWireMock(), baseUrl(), TestSources.WORKSPACE,
        TestSources.REPO);
  }

  /** The tests' settings (fast retries, short timeouts, the token) pointed at this server. */
  BitbucketSettings settings() {
    return TestSources.settings(baseUrl());
  }

  /** A source with {@link #settings()}, closed after the test. */
  BitbucketSource openSource() {
    return openSource(settings());
  }

  /** A source with {@code settings}, closed after the test. */
  BitbucketSource openSource(BitbucketSettings settings) {
    return openSource(settings, Sleeper.REAL);
  }

  /** A source whose waits between attempts go to {@code sleeper}, closed after the test. */
  BitbucketSource openSource(BitbucketSettings settings, Sleeper sleeper) {
    BitbucketSource source = new BitbucketSource(settings, java.time.Clock.systemUTC(), sleeper);
    opened.add(source);
    return source;
  }

  @Override
  protected void onAfterEach(WireMockRuntimeInfo wireMockRuntimeInfo) {
    opened.forEach(BitbucketSource::close);
    opened.clear();
  }
}
