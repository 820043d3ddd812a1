package io.layerkit.app;

import io.layerkit.config.ConfigException;
import io.layerkit.config.TokenSettings;
import io.layerkit.source.Secret;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Finds the Git host token named by {@link TokenSettings}, without ever showing it. */
public final class Tokens {
  private static final String BITBUCKET_HOST = "bitbucket.org";

  private Tokens() {}

  /**
   * The token from the configured environment variable; empty when it is unset or blank.
   *
   * @throws ConfigException naming the variable, never the value, when the value cannot be a
   *     token (a line break or another character no HTTP header may carry)
   */
  public static Optional<Secret> fromEnvironment(TokenSettings settings, Map<String, String> env) {
    Optional<String> value = Optional.ofNullable(env.get(settings.envVar()))
        .map(String::strip)
        .filter(text -> !text.isEmpty());
    value.flatMap(Secret::headerProblem).ifPresent(problem -> {
      throw new ConfigException("the token in environment variable " + settings.envVar()
          + " contains " + problem + ", which no token holds and no HTTP header may carry: set"
          + " the variable to the token alone, on one line (the value is not shown)");
    });
    return value.map(Secret::of);
  }

  /**
   * Whether a {@code git+...} remote may be sent the configured token. A token the user named
   * ({@code --token-env VAR}, {@code --token-parameter}) goes to the remote they chose; the
   * default {@code BITBUCKET_TOKEN} only to Bitbucket, so a Bitbucket token that happens to be
   * set is never offered to GitHub or any other host that asks for credentials.
   */
  public static boolean appliesToGitRemote(TokenSettings settings, String sourceUri) {
    boolean named = settings.parameterName().isPresent()
        || !settings.envVar().equals(TokenSettings.DEFAULT_ENV_VAR);
    return named || BITBUCKET_HOST.equals(hostOf(sourceUri));
  }

  private static String hostOf(String sourceUri) {
    try {
      String host = URI.create(sourceUri.replaceFirst("^git\\+", "")).getHost();
      return host == null ? "" : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return ""; // the Git source names the malformed URI itself
    }
  }
}
