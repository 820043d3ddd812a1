package io.layerkit.source.git;

import io.layerkit.source.BitbucketRepo;
import io.layerkit.source.RemoteUrls;
import io.layerkit.source.Secret;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/**
 * How to reach one Git remote: its URL (never with credentials in it), the token and user sent as
 * HTTP basic auth, and where the temporary repository may live. A malformed setting is an
 * {@link IllegalArgumentException} whose message never repeats a credential.
 *
 * @param remote the fetch URL: {@code https://}, {@code http://} or {@code file://}, no userinfo
 * @param token the password sent when the server asks for credentials, if any
 * @param username the user sent with the token (ignored without a token)
 * @param tempRoot the folder that holds the temporary bare repository (Lambda: {@code /tmp})
 * @param timeout how long one network read may stall before the fetch is abandoned
 */
public record GitSourceSettings(
    URIish remote,
    Optional<Secret> token,
    Optional<String> username,
    Path tempRoot,
    Duration timeout) {

  /** The user Bitbucket Cloud expects with repository, project and workspace access tokens. */
  public static final String BITBUCKET_ACCESS_TOKEN_USER = "x-token-auth";

  /**
   * The static user Bitbucket Cloud documents for Atlassian API tokens over Git; the account
   * email that the REST API takes with the same token is not accepted by Git over HTTPS.
   */
  public static final String BITBUCKET_API_TOKEN_USER = "x-bitbucket-api-token-auth";

  /** The user sent with a token when none is configured (any name works for GitHub/GitLab tokens). */
  public static final String DEFAULT_TOKEN_USER = BITBUCKET_ACCESS_TOKEN_USER;

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  private static final String BITBUCKET_GIT_BASE = "https://bitbucket.org/";
  /** SSH's short form {@code user@host:path}. */
  private static final Pattern SCP_LIKE = Pattern.compile("[^/@:]+@[^/:]+:.*");


  public GitSourceSettings {
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(tempRoot, "tempRoot");
    Objects.requireNonNull(timeout, "timeout");
    if (remote.getUser() != null || remote.getPass() != null) {
      throw new IllegalArgumentException("the Git URL " + withoutUserInfo(remote)
          + " carries a user or password: remove it and pass the token through the token options");
    }
    String scheme = remote.getScheme() == null ? "" : remote.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("file")) {
      throw unsupportedScheme(remote.toString());
    }
    if (scheme.equals("http") && token.isPresent() && !RemoteUrls.isLoopbackHost(remote.getHost())) {
      throw new IllegalArgumentException("refusing to send the token in clear text to " + remote
          + ": use https://");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the Git timeout must be positive, got " + timeout);
    }
  }

  /**
   * Settings for a source URI {@code git+https://HOST/PATH.git}, {@code git+http://...} or
   * {@code git+file:///PATH}.
   *
   * @param sourceUri the {@code --source} value
   * @param token the token read from {@code --token-env} / {@code --token-parameter}, if any
   * @param username the configured user for the token; empty sends {@value #DEFAULT_TOKEN_USER}
   */
  public static GitSourceSettings forSourceUri(
      String sourceUri, Optional<Secret> token, Optional<String> username) {
    if (!sourceUri.startsWith("git+")) {
      throw new IllegalArgumentException("'" + redactUserInfo(sourceUri)
          + "' is not a Git source: use git+https://HOST/PATH.git or git+file:///PATH");
    }
    requireSupportedTransport(sourceUri);
    URIish remote = parse(sourceUri.substring("git+".length()));
    return new GitSourceSettings(remote, token, username, defaultTempRoot(), DEFAULT_TIMEOUT);
  }

  /**
   * Refuses a {@code git+...} source layerkit cannot fetch, before anything else is said about
   * it: SSH ({@code git+ssh://git@host/...}, whose {@code git@} is a login name, not a
   * credential), and a {@code git+file:} URL that names no absolute path on this machine
   * ({@code git+file://relative} makes {@code relative} a host name). Other URIs pass.
   *
   * @throws IllegalArgumentException saying why, without the URL's user part
   */
  public static void requireSupportedTransport(String sourceUri) {
    if (!sourceUri.startsWith("git+")) {
      return;
    }
    String url = sourceUri.substring("git+".length());
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("ssh://") || lower.startsWith("ssh+git://")
        || (!lower.contains("://") && SCP_LIKE.matcher(lower).matches())) {
      throw new IllegalArgumentException("'" + redactUserInfo(sourceUri).replaceFirst(
          "^git\\+[^/@:]+@", "git+") + "': SSH is not supported (it would need keys and an SSH"
          + " client in Lambda): use git+https://HOST/PATH.git with a token");
    }
    if (lower.startsWith("file:") && !isLocalPath(url)) {
      throw new IllegalArgumentException("'" + redactUserInfo(sourceUri) + "' is not a path on"
          + " this machine: write git+file:///ABSOLUTE/PATH (three slashes), e.g."
          + " git+file:///home/me/platform");
    }
  }

  private static boolean isLocalPath(String fileUrl) {
    try {
      URIish uri = new URIish(fileUrl);
      String host = uri.getHost();
      return "file".equalsIgnoreCase(uri.getScheme())
          && (host == null || host.equalsIgnoreCase("localhost"))
          && uri.getPath() != null && uri.getPath().startsWith("/");
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * Settings for {@code bitbucket://WORKSPACE/REPO --transport git}: the clone URL
   * {@code https://bitbucket.org/WORKSPACE/REPO.git}, or {@code gitUrl} when given (self-hosted
   * servers, tests). The user follows Bitbucket's rules: none configured means a repository,
   * project or workspace access token ({@value #BITBUCKET_ACCESS_TOKEN_USER}); an email (the
   * REST API's user for Atlassian API tokens) becomes {@value #BITBUCKET_API_TOKEN_USER}; any
   * other name is the Bitbucket username and is sent as is.
   */
  public static GitSourceSettings forBitbucket(String workspace, String repository,
      Optional<String> gitUrl, Optional<Secret> token, Optional<String> username) {
    URIish remote = parse(gitUrl.orElse(bitbucketRemote(new BitbucketRepo(workspace, repository))));
    Optional<String> user = username.map(
        name -> name.contains("@") ? BITBUCKET_API_TOKEN_USER : name);
    return new GitSourceSettings(remote, token, user, defaultTempRoot(), DEFAULT_TIMEOUT);
  }

  /** Bitbucket Cloud's clone URL of the repository. */
  public static String bitbucketRemote(BitbucketRepo repo) {
    return BITBUCKET_GIT_BASE + repo.workspace() + "/" + repo.repo() + ".git";
  }

  public GitSourceSettings withTempRoot(Path root) {
    return new GitSourceSettings(remote, token, username, root, timeout);
  }

  public GitSourceSettings withTimeout(Duration limit) {
    return new GitSourceSettings(remote, token, username, tempRoot, limit);
  }

  /** The remote as shown in messages and releases: {@code git+} and the URL, no credentials. */
  public String description() {
    return "git+" + remote;
  }

  /** The user sent with the token. */
  public String effectiveUsername() {
    return username.filter(name -> !name.isBlank()).orElse(DEFAULT_TOKEN_USER);
  }

  private static URIish parse(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("ssh://") || lower.startsWith("git://")
        || !(lower.contains("://") || lower.startsWith("file:/"))) {
      throw unsupportedScheme(url);
    }
    try {
      return new URIish(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + redactUserInfo(url) + "' is not a valid Git URL: "
          + redactUserInfo(e.getReason()));
    }
  }

  private static IllegalArgumentException unsupportedScheme(String url) {
    return new IllegalArgumentException("'" + redactUserInfo(url) + "' is not supported: layerkit fetches"
        + " Git over https://, http:// or file:// only (no SSH: use git+https:// with a token)");
  }

  private static String withoutUserInfo(URIish uri) {
    return uri.setUser(null).setPass(null).toString();
  }

  static String redactUserInfo(String text) {
    return RemoteUrls.withoutUserInfo(text);
  }

  private static Path defaultTempRoot() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }
}
