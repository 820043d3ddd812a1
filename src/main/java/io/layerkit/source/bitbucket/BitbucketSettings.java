package io.layerkit.source.bitbucket;

import io.layerkit.source.BitbucketRepo;
import io.layerkit.source.RemoteUrls;
import io.layerkit.source.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link BitbucketSource} needs, fixed at construction. The token is a {@link Secret},
 * so this record's {@code toString()} is safe to log.
 *
 * @param repo workspace and repository
 * @param apiUrl API base without {@code /2.0}, e.g. {@code https://api.bitbucket.org}
 * @param token access token (Bearer) or API token (Basic with {@code username}); empty: anonymous
 * @param username Atlassian account email for API tokens; empty means Bearer
 * @param tokenOrigin where the token came from, named in error messages (never the token)
 * @param concurrency requests in flight at once, listing and downloads together
 * @param retry retry policy for transient failures
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout time for one attempt to get response headers (and a JSON body)
 * @param readTimeout longest silence while streaming a file body before the download is resumed
 * @param listingDepth folder levels one listing asks for ({@code max_depth}); 1 lists each folder
 *     on its own
 * @param prefetchBytes most bytes of small files fetched while their package is still being
 *     listed, held until opened; 0 fetches nothing ahead
 */
public record BitbucketSettings(
    BitbucketRepo repo,
    URI apiUrl,
    Optional<Secret> token,
    Optional<String> username,
    String tokenOrigin,
    int concurrency,
    RetrySettings retry,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration readTimeout,
    int listingDepth,
    long prefetchBytes) {

  public static final URI DEFAULT_API_URL = URI.create("https://api.bitbucket.org");


  /**
   * Sixteen requests in flight: each file costs a round trip, not bandwidth, so the speed-up over
   * one request at a time is close to this number (13x measured at 10 ms latency, against 8x at
   * eight); few enough not to look like abuse, and Bitbucket's budget is per hour, not per second.
   */
  public static final int DEFAULT_CONCURRENCY = 16;

  /**
   * Ten levels in one listing: enough for {@code python/lib/python3.12/site-packages/botocore/
   * data/SERVICE/DATE/} under a package folder, so an installed Python tree comes back in one
   * paginated listing; deeper folders are listed on their own, again ten levels at a time, and a
   * listing Bitbucket finds too deep (HTTP 555) is asked again with half the depth.
   */
  public static final int DEFAULT_LISTING_DEPTH = 10;

  /**
   * Sixteen MiB fetched ahead at most: what sixteen slots fetch of an installed Python tree while
   * its listing's thirty-odd pages come in one after another, with room to spare.
   */
  public static final long DEFAULT_PREFETCH_BYTES = 16L * 1024 * 1024;

  public BitbucketSettings {
    Objects.requireNonNull(repo, "repo");
    apiUrl = normalizeApiUrl(apiUrl);
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(tokenOrigin, "tokenOrigin");
    Objects.requireNonNull(retry, "retry");
    if (token.isPresent() && apiUrl.getScheme().equals("http") && !RemoteUrls.isLoopbackHost(apiUrl.getHost())) {
      throw new IllegalArgumentException(
          "refusing to send the token in clear text to " + apiUrl + ": use https://");
    }
    if (username.isPresent() && token.isEmpty()) {
      throw new IllegalArgumentException(
          "a Bitbucket username is set but no token: set the API token in " + tokenOrigin);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("requestTimeout", requestTimeout);
    requirePositive("readTimeout", readTimeout);
    if (listingDepth < 1) {
      throw new IllegalArgumentException("listingDepth must be at least 1, got " + listingDepth);
    }
    if (prefetchBytes < 0) {
      throw new IllegalArgumentException("prefetchBytes cannot be negative, got " + prefetchBytes);
    }
  }

  /** Defaults for everything but the repository and the credentials. */
  public static BitbucketSettings of(
      BitbucketRepo repo, Optional<Secret> token, Optional<String> username, String tokenOrigin) {
    return new BitbucketSettings(repo, DEFAULT_API_URL, token, username, tokenOrigin,
        DEFAULT_CONCURRENCY, RetrySettings.defaults(), Duration.ofSeconds(10),
        Duration.ofSeconds(60), Duration.ofSeconds(60), DEFAULT_LISTING_DEPTH,
        DEFAULT_PREFETCH_BYTES);
  }

  public BitbucketSettings withApiUrl(URI url) {
    return new BitbucketSettings(repo, url, token, username, tokenOrigin, concurrency, retry,
        connectTimeout, requestTimeout, readTimeout, listingDepth,
        prefetchBytes);
  }

  public BitbucketSettings withConcurrency(int threads) {
    return new BitbucketSettings(repo, apiUrl, token, username, tokenOrigin, threads, retry,
        connectTimeout, requestTimeout, readTimeout, listingDepth,
        prefetchBytes);
  }

  public BitbucketSettings withRetry(RetrySettings policy) {
    return new BitbucketSettings(repo, apiUrl, token, username, tokenOrigin, concurrency, policy,
        connectTimeout, requestTimeout, readTimeout, listingDepth,
        prefetchBytes);
  }

  public BitbucketSettings withListingDepth(int depth) {
    return new BitbucketSettings(repo, apiUrl, token, username, tokenOrigin, concurrency, retry,
        connectTimeout, requestTimeout, readTimeout, depth, prefetchBytes);
  }

  public BitbucketSettings withPrefetchBytes(long bytes) {
    return new BitbucketSettings(repo, apiUrl, token, username, tokenOrigin, concurrency, retry,
        connectTimeout, requestTimeout, readTimeout, listingDepth, bytes);
  }

  public BitbucketSettings withTimeouts(Duration connect, Duration request, Duration read) {
    return new BitbucketSettings(repo, apiUrl, token, username, tokenOrigin, concurrency, retry,
        connect, request, read, listingDepth,
        prefetchBytes);
  }

  /** Parses an API base URL without ever repeating a password it may carry. */
  public static URI parseApiUrl(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      // the JDK's message repeats the input, which may carry a password
      throw new IllegalArgumentException("bad Bitbucket API URL '" + RemoteUrls.withoutUserInfo(url)
          + "': " + e.getReason() + "; expected http(s)://HOST[:PORT][/PATH]");
    }
  }

  private static URI normalizeApiUrl(URI url) {
    Objects.requireNonNull(url, "apiUrl");
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("bad Bitbucket API URL '"
          + RemoteUrls.withoutUserInfo(url.toString()) + "': it carries a user or password; remove them and"
          + " pass the token through the token options");
    }
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null
        || url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "bad Bitbucket API URL '" + RemoteUrls.withoutUserInfo(url.toString())
              + "': expected http(s)://HOST[:PORT][/PATH]");
    }
    String text = url.toString();
    return URI.create(text.replaceAll("/+$", ""));
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
