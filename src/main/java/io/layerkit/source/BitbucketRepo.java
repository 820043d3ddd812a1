package io.layerkit.source;

import java.util.regex.Pattern;

/**
 * A Bitbucket Cloud repository named by workspace and repository slug, as written in a source URI
 * {@code bitbucket://WORKSPACE/REPO}.
 *
 * @param workspace workspace slug (or {@code {uuid}})
 * @param repo repository slug (or {@code {uuid}})
 */
public record BitbucketRepo(String workspace, String repo) {

  public static final String SCHEME = "bitbucket://";

  // Slugs are lowercase letters, digits, '-', '_' and '.'; UUIDs come in braces. Anything else is
  // a typo we would rather report than percent-encode into a confusing 404.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+|\\{[0-9a-fA-F-]+\\}");

  public BitbucketRepo {
    require("workspace", workspace);
    require("repository", repo);
  }

  /** Parses {@code bitbucket://WORKSPACE/REPO}; a trailing slash or {@code .git} is tolerated. */
  public static BitbucketRepo parse(String uri) {
    if (uri == null || !uri.startsWith(SCHEME)) {
      throw new IllegalArgumentException(
          "not a Bitbucket source '" + uri + "': expected bitbucket://WORKSPACE/REPO");
    }
    String rest = uri.substring(SCHEME.length()).replaceAll("/+$", "");
    if (rest.endsWith(".git")) {
      rest = rest.substring(0, rest.length() - 4);
    }
    String[] parts = rest.split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException(
          "bad Bitbucket source '" + uri + "': expected bitbucket://WORKSPACE/REPO");
    }
    return new BitbucketRepo(parts[0], parts[1]);
  }

  /** {@code bitbucket://ws/repo}: the source's stable, secret-free name. */
  public String uri() {
    return SCHEME + workspace + "/" + repo;
  }

  @Override
  public String toString() {
    return workspace + "/" + repo;
  }

  private static void require(String what, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "bad Bitbucket " + what + " '" + value + "' in bitbucket://WORKSPACE/REPO: use the slug"
              + " shown in the repository's URL");
    }
  }
}
