package io.layerkit.app;

import io.layerkit.config.ConfigException;
import io.layerkit.config.TokenSettings;
import io.layerkit.source.Secret;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Finds the Git host token named by {@link TokenSettings}, without ever showing it. */
public final class Tokens {
  private static final String BITBUCKET_HOST = "bitbucket.org";
  private static final Set<String> BITBUCKET_HOSTS = Set.of("api.bitbucket.org", BITBUCKET_HOST);

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
   * Whether a {@code git+...} remote may be sent the configured token. A token the user named on
   * the front door ({@code --token-env VAR}, {@code --token-parameter}, the function's
   * variables) goes to the remote they chose; the default {@code BITBUCKET_TOKEN}, or a token
   * named only by {@code layerkit.yaml}, only to Bitbucket, so a Bitbucket token that happens to
   * be set is never offered to GitHub or any other host that asks for credentials.
   */
  public static boolean appliesToGitRemote(TokenSettings settings, String sourceUri) {
    return settings.namedBy().isPresent() || BITBUCKET_HOST.equals(hostOf(sourceUri));
  }

  /**
   * The token for a {@code bitbucket://} source whose requests go to {@code url}: read as usual
   * for Bitbucket's own hosts (over https) or when the front door named the token. Anywhere else
   * an {@code apiUrl} or {@code gitUrl} points (and the repository's own layerkit.yaml may set
   * both) a token that is there is refused, not sent; no token, nothing to refuse.
   *
   * @param setting the setting {@code url} comes from, for the message ({@code apiUrl})
   */
  static Optional<Secret> forBitbucket(TokenSettings settings, String setting, String url,
      Function<TokenSettings, Optional<Secret>> read) {
    Optional<Secret> token = read.apply(settings);
    String host = hostOf(url);
    boolean bitbucket = url.regionMatches(true, 0, "https:", 0, 6)
        && BITBUCKET_HOSTS.contains(host);
    if (token.isPresent() && !bitbucket && settings.namedBy().isEmpty()) {
      // the host alone: a URL may carry a user or password the adapter refuses later
      String shown = host.isEmpty() ? "the host " + setting + " names"
          : host + " (" + setting + ")";
      throw new ConfigException("the Bitbucket token from " + origin(settings) + " would be sent"
          + " to " + shown + ", which is not Bitbucket over https: the default token goes only to"
          + " https://api.bitbucket.org and https://bitbucket.org; to send a token elsewhere, name"
          + " it with --token-env VAR or --token-parameter NAME (in the function:"
          + " BITBUCKET_TOKEN_PARAMETER), never in layerkit.yaml");
    }
    return token;
  }

  /** Where the token is read from, for messages: never the token. */
  static String origin(TokenSettings settings) {
    return settings.parameterName().map(name -> "SSM parameter " + name)
        .orElse(settings.envVar());
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
