package io.layerkit.app;

import io.layerkit.config.ConfigException;
import io.layerkit.config.SourceSettings;
import io.layerkit.config.TokenSettings;
import io.layerkit.source.BitbucketRepo;
import io.layerkit.source.PackageSource;
import io.layerkit.source.Secret;
import io.layerkit.source.bitbucket.BitbucketSettings;
import io.layerkit.source.bitbucket.BitbucketSource;
import io.layerkit.source.git.GitSource;
import io.layerkit.source.git.GitSourceSettings;
import io.layerkit.source.local.LocalDirectorySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the configured {@link SourceSettings} into the adapter that reads them. Adapters refuse a
 * malformed setting with {@link IllegalArgumentException}; here that becomes a usage error.
 */
final class SourceFactory {

  private SourceFactory() {}

  /**
   * @param concurrency how many fetches the archiver's threads may keep in flight
   * @param ownOutputs where the run writes, which a local folder source leaves out
   * @param tokens reads the token the settings name, only for sources that may be sent one
   */
  static PackageSource open(SourceSettings settings, int concurrency, List<Path> ownOutputs,
      Function<TokenSettings, Optional<Secret>> tokens) {
    String uri = settings.uri();
    try {
      if (uri.startsWith("dir:") || !uri.contains("://")) {
        return localSource(Path.of(uri.startsWith("dir:") ? uri.substring(4) : uri), settings,
            ownOutputs);
      }
      boolean gitTransport = settings.transport().filter("git"::equals).isPresent();
      if (uri.startsWith(BitbucketRepo.SCHEME) && gitTransport) {
        BitbucketRepo repo = BitbucketRepo.parse(uri);
        return new GitSource(gitSettings(settings, Tokens.forBitbucket(settings.token(), "gitUrl",
            settings.gitUrl().orElse(GitSourceSettings.bitbucketRemote(repo)), tokens)));
      }
      if (uri.startsWith("git+")) {
        Optional<Secret> token = Tokens.appliesToGitRemote(settings.token(), uri)
            ? tokens.apply(settings.token())
            : Optional.empty();
        return new GitSource(gitSettings(settings, token));
      }
      if (uri.startsWith(BitbucketRepo.SCHEME)) {
        Optional<Secret> token = Tokens.forBitbucket(settings.token(), "apiUrl",
            settings.apiUrl().orElse(BitbucketSettings.DEFAULT_API_URL.toString()), tokens);
        return new BitbucketSource(bitbucketSettings(settings, token).withConcurrency(concurrency));
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    throw new ConfigException("--source " + uri + " has an unknown scheme; use PATH, dir:PATH,"
        + " bitbucket://WORKSPACE/REPO, git+https://... or git+file://...");
  }

  /**
   * Settings for a {@code bitbucket://WORKSPACE/REPO} source: the API URL from
   * {@code --api-url}, the username (API tokens) from the token settings, and the token read from
   * the variable or SSM parameter the token settings name.
   */
  static BitbucketSettings bitbucketSettings(SourceSettings source, Optional<Secret> token) {
    TokenSettings tokens = source.token();
    BitbucketSettings settings = BitbucketSettings.of(
        BitbucketRepo.parse(source.uri()), token, tokens.username(), Tokens.origin(tokens));
    return source.apiUrl()
        .map(url -> settings.withApiUrl(BitbucketSettings.parseApiUrl(url)))
        .orElse(settings);
  }

  /** A {@code git+...} URI, or {@code bitbucket://WORKSPACE/REPO} with transport {@code git}. */
  static GitSourceSettings gitSettings(SourceSettings source, Optional<Secret> token) {
    String uri = source.uri();
    Optional<String> username = source.token().username();
    if (uri.startsWith(BitbucketRepo.SCHEME)) {
      BitbucketRepo repo = BitbucketRepo.parse(uri);
      return GitSourceSettings.forBitbucket(
          repo.workspace(), repo.repo(), source.gitUrl(), token, username);
    }
    return GitSourceSettings.forSourceUri(uri, token, username);
  }

  /** A local folder has neither a commit to pin nor a way to be fetched: both are usage errors. */
  private static LocalDirectorySource localSource(Path root, SourceSettings settings,
      List<Path> ownOutputs) {
    if (!Files.isDirectory(root)) {
      throw new ConfigException("--source " + root + " does not exist or is not a folder; give the"
          + " folder that holds the packages");
    }
    settings.ref().ifPresent(ref -> {
      throw new ConfigException("--ref " + ref + " needs a Git source; a local folder has no refs"
          + " (use --source git+file://" + root.toAbsolutePath().normalize() + " to read a commit)");
    });
    return new LocalDirectorySource(root, ownOutputs);
  }
}
