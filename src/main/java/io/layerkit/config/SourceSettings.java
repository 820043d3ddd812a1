package io.layerkit.config;

import java.util.Optional;

/**
 * Which source to read and how.
 *
 * @param uri {@code PATH}, {@code dir:PATH}, {@code bitbucket://WS/REPO}, {@code git+https://...}, {@code git+file://...}
 * @param ref branch, tag or commit; empty for the default branch
 * @param apiUrl Git host API base URL (Bitbucket: {@code https://api.bitbucket.org})
 * @param transport for {@code bitbucket://}: {@code api} (REST, default) or {@code git}
 * @param gitUrl clone URL override for the Git transport
 * @param token where the token comes from
 */
public record SourceSettings(
    String uri,
    Optional<String> ref,
    Optional<String> apiUrl,
    Optional<String> transport,
    Optional<String> gitUrl,
    TokenSettings token) {

  public static SourceSettings defaults() {
    return new SourceSettings(
        ".", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        TokenSettings.defaults());
  }
}
