package io.layerkit.config;

import java.util.Optional;

/**
 * Where the Git host token comes from. Never the token itself: that only exists as a {@link Secret}.
 *
 * @param envVar environment variable holding the token (default {@code BITBUCKET_TOKEN})
 * @param parameterName SSM SecureString holding the token, read with decryption
 * @param username user for basic auth (API tokens: the Atlassian account email); empty means Bearer
 * @param namedBy the front door's name of the setting that named the token ({@code --token-env},
 *     {@code BITBUCKET_TOKEN_PARAMETER}); empty for the default and for a token named only by
 *     {@code layerkit.yaml}, which the repository being built may have written: such a token goes
 *     only to Bitbucket's own hosts
 */
public record TokenSettings(String envVar, Optional<String> parameterName,
    Optional<String> username, Optional<String> namedBy) {

  public static final String DEFAULT_ENV_VAR = "BITBUCKET_TOKEN";

  /** Token settings no front door named. */
  public TokenSettings(String envVar, Optional<String> parameterName, Optional<String> username) {
    this(envVar, parameterName, username, Optional.empty());
  }

  public static TokenSettings defaults() {
    return new TokenSettings(DEFAULT_ENV_VAR, Optional.empty(), Optional.empty());
  }
}
