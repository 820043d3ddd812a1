package io.layerkit.config;

import java.util.Map;
import java.util.Optional;

/** Finds the Git host token named by {@link TokenSettings}, without ever showing it. */
final class Tokens {
  private Tokens() {}

  /** The token from the configured environment variable; empty when it is unset or blank. */
  static Optional<Secret> fromEnvironment(TokenSettings settings, Map<String, String> env) {
    return Optional.ofNullable(env.get(settings.envVar()))
        .filter(value -> !value.isBlank())
        .map(value -> Secret.of(value.strip()));
  }
}
