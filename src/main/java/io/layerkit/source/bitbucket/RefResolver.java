package io.layerkit.source.bitbucket;

import io.layerkit.source.BitbucketRepo;
import io.layerkit.source.Revision;
import io.layerkit.source.SourceException;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Pins a ref to one commit id: no ref means the repository's main branch; otherwise a branch, then
 * a tag, then (for hex strings) a commit. A full 40-hex id is checked directly.
 */
final class RefResolver {
  private static final Pattern FULL_HASH = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{4,40}");

  private final BitbucketRepo repo;
  private final BitbucketHttp http;
  private final ApiUrls urls;

  RefResolver(BitbucketRepo repo, BitbucketHttp http, ApiUrls urls) {
    this.repo = repo;
    this.http = http;
    this.urls = urls;
  }

  Revision resolve(Optional<String> ref) throws IOException {
    Optional<String> asked = ref.map(String::trim).filter(value -> !value.isEmpty());
    if (asked.isEmpty()) {
      String main = mainBranch();
      return new Revision(Optional.empty(), branch(main).orElseThrow(() -> new SourceException(
          "the main branch '" + main + "' of " + repo + " does not exist: pass --ref")));
    }
    String name = asked.get();
    if (name.startsWith("refs/heads/")) {
      String branch = name.substring("refs/heads/".length());
      return new Revision(asked, branch(branch).orElseThrow(() -> notFound(name)));
    }
    if (name.startsWith("refs/tags/")) {
      String tag = name.substring("refs/tags/".length());
      return new Revision(asked, tag(tag).orElseThrow(() -> notFound(name)));
    }
    if (FULL_HASH.matcher(name).matches()) {
      return new Revision(asked, commit(name).orElseThrow(() -> notFound(name)));
    }
    Optional<String> commit = branch(name);
    if (commit.isEmpty()) {
      commit = tag(name);
    }
    if (commit.isEmpty() && HEX.matcher(name).matches()) {
      commit = commit(name);
    }
    return new Revision(asked, commit.orElseThrow(() -> notFound(name)));
  }

  private String mainBranch() throws IOException {
    ApiModel.Repository repository =
        http.getJson(urls.repository(), ApiModel.Repository.class, RequestSubject.repository());
    if (repository.mainbranch() == null || repository.mainbranch().name() == null) {
      throw new SourceException(repo + " has no main branch (is it empty?): pass --ref");
    }
    return repository.mainbranch().name();
  }

  private Optional<String> branch(String name) throws IOException {
    return target(urls.branch(name), name);
  }

  private Optional<String> tag(String name) throws IOException {
    return target(urls.tag(name), name);
  }

  private Optional<String> commit(String revision) throws IOException {
    try {
      ApiModel.CommitRef commit =
          http.getJson(urls.commit(revision), ApiModel.CommitRef.class, RequestSubject.ref(revision));
      return Optional.of(checked(commit == null ? null : commit.hash(), revision));
    } catch (ApiStatusException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Optional<String> target(java.net.URI uri, String name)
      throws IOException {
    try {
      ApiModel.Branch ref = http.getJson(uri, ApiModel.Branch.class, RequestSubject.ref(name));
      return Optional.of(checked(ref.target() == null ? null : ref.target().hash(), name));
    } catch (ApiStatusException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private String checked(String hash, String name) throws SourceException {
    if (hash == null || !FULL_HASH.matcher(hash).matches()) {
      throw new SourceException("Bitbucket resolved '" + name + "' in " + repo
          + " to an unexpected commit id '" + hash + "'");
    }
    return hash;
  }

  /**
   * Every lookup answered 404: either the ref does not exist, or the repository itself is missing
   * or invisible to the token. One more request tells which, so the message points at the right
   * thing to fix.
   */
  private SourceException notFound(String name) {
    try {
      http.getJson(urls.repository(), ApiModel.Repository.class, RequestSubject.repository());
    } catch (SourceException repositoryProblem) {
      return repositoryProblem;
    } catch (IOException unreachable) {
      // fall through to the ref message
    }
    return new SourceException("no branch, tag or commit '" + name + "' in " + repo
        + ": check --ref");
  }
}
