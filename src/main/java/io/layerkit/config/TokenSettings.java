package io.layerkit.config;

import java.util.Optional;

/**
 * Where the Git host token comes from. Never the token itself: that only exists as a {@link Secret}.
 *
 * @param envVar environment variable holding the token (default {@code BITBUCKET_TOKEN})
 * @param parameterName SSM SecureString holding the token, read with decryption
 * @param username user for basic auth (API tokens: the Atlassian account email); empty means Bearer
 */
public record TokenSettings(String envVar, Optional<String> parameterName, Optional<String> username) {

  public static final String DEFAULT_ENV_VAR = "BITBUCKET_TOKEN";

  public static TokenSettings defaults() {
    return new TokenSettings(DEFAULT_ENV_VAR, Optional.empty(), Optional.empty());
  }
}
