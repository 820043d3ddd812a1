package io.layerkit.provenance;

import java.util.Optional;

/**
 * The repository a source's commit belongs to, as a resolved dependency names it: a URI anyone
 * can clone, in the {@code git+} form SLSA's examples use. A Bitbucket source read through the
 * REST API is the same repository as its Git remote, so both are named by the clone URL.
 */
public final class RepositoryUri {
  private static final String BITBUCKET = "bitbucket://";
  private static final String BITBUCKET_GIT = "git+https://bitbucket.org/";

  private RepositoryUri() {}

  /**
   * {@code bitbucket://acme/cfct} -> {@code git+https://bitbucket.org/acme/cfct.git};
   * {@code git+https://...} and {@code git+file://...} as they are; a folder ({@code dir:PATH})
   * -> {@code git+file://PATH}, the work tree its commit would be in.
   *
   * @param source a source as releases describe it: secret-free
   */
  public static String of(String source) {
    if (source.startsWith(BITBUCKET)) {
      String repository = source.substring(BITBUCKET.length()).replaceAll("/+$", "");
      return BITBUCKET_GIT + repository + (repository.endsWith(".git") ? "" : ".git");
    }
    if (source.startsWith("git+")) {
      return source;
    }
    String folder = source.startsWith("dir:") ? source.substring("dir:".length()) : source;
    return "git+file://" + (folder.startsWith("/") ? "" : "/") + folder;
  }

  /** The repository of a build that resolved a commit; none for a folder without one. */
  public static Optional<String> ofCommit(String source, Optional<String> commit) {
    return commit.map(c -> of(source));
  }
}
