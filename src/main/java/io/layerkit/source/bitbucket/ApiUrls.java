package io.layerkit.source.bitbucket;

import io.layerkit.source.BitbucketRepo;
import java.net.URI;

/**
 * The Bitbucket Cloud 2.0 endpoints one repository's source needs, with every name
 * percent-encoded. Listings ask for {@code pagelen=100}, the maximum: the default of 10 costs ten
 * times the requests.
 */
final class ApiUrls {
  static final int PAGE_LENGTH = 100;

  private final URI apiUrl;
  private final String repositoryBase;

  ApiUrls(URI apiUrl, BitbucketRepo repo) {
    this.apiUrl = apiUrl;
    this.repositoryBase = apiUrl + "/2.0/repositories/" + PathEncoding.segment(repo.workspace())
        + "/" + PathEncoding.segment(repo.repo());
  }

  /** The repository object; its {@code mainbranch.name} is the default branch. */
  URI repository() {
    return URI.create(repositoryBase);
  }

  URI branch(String name) {
    return URI.create(repositoryBase + "/refs/branches/" + PathEncoding.segment(name));
  }

  URI tag(String name) {
    return URI.create(repositoryBase + "/refs/tags/" + PathEncoding.segment(name));
  }

  URI commit(String revision) {
    return URI.create(repositoryBase + "/commit/" + PathEncoding.segment(revision));
  }

  /**
   * First page of a folder's listing, {@code depth} levels deep ({@code max_depth}; left out for
   * one level, the API's default). The trailing slash is required for the root and harmless
   * elsewhere; it also tells the API we want the listing, not a file.
   */
  URI folder(String commit, String folder, int depth) {
    String path = folder.isEmpty() ? "" : PathEncoding.path(folder) + "/";
    return URI.create(repositoryBase + "/src/" + PathEncoding.segment(commit) + "/" + path
        + "?pagelen=" + PAGE_LENGTH + (depth > 1 ? "&max_depth=" + depth : ""));
  }

  /** Raw content of a file (a link's target for a symbolic link). */
  URI file(String commit, String path) {
    return URI.create(repositoryBase + "/src/" + PathEncoding.segment(commit) + "/"
        + PathEncoding.path(path));
  }

  /**
   * Files changed between two commits. Bitbucket's spec is {@code SOURCE..DESTINATION}, the
   * reverse of {@code git diff}; {@code topic=false} asks for the plain two-dot diff (the default
   * is a merge-base diff, which misses changes made only on the old side), and
   * {@code ignore_whitespace=false} keeps files whose only change is whitespace (Python
   * indentation), which a whitespace-blind diff leaves out entirely; its default is undocumented.
   */
  URI diffstat(String newCommit, String oldCommit) {
    return URI.create(repositoryBase + "/diffstat/" + PathEncoding.segment(newCommit) + ".."
        + PathEncoding.segment(oldCommit) + "?topic=false&ignore_whitespace=false");
  }

  /**
   * A {@code next} link, followed exactly as given: page tokens are opaque and constructing the
   * URL ourselves is what the API asks clients not to do.
   */
  static URI link(String href) throws io.layerkit.source.SourceException {
    try {
      URI uri = URI.create(href);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("not absolute");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new io.layerkit.source.SourceException(
          "Bitbucket answered with a pagination link that is not a URL: " + href);
    }
  }

  /** Whether {@code uri} is on the API's own scheme, host and port: only there goes the token. */
  boolean isApiOrigin(URI uri) {
    return sameOrigin(apiUrl, uri);
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
