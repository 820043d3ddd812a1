package io.layerkit.source.git;

import io.layerkit.source.SourceException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Pins a ref and brings exactly its commit's objects into a local repository: one ref
 * advertisement ({@code ls-remote}) and one depth-1 fetch, over the same connection so that the
 * commit fetched is the one the advertisement named, not a later one.
 */
final class ShallowFetcher {
  private final GitSourceSettings settings;
  private final CredentialScrubber scrubber;
  private final AtomicLong requests;

  ShallowFetcher(GitSourceSettings settings, CredentialScrubber scrubber, AtomicLong requests) {
    this.settings = settings;
    this.scrubber = scrubber;
    this.requests = requests;
  }

  /** Returns the pinned commit, whose tree and blobs are in {@code local} afterwards. */
  ObjectId fetch(Repository local, Optional<String> ref) throws IOException {
    String remote = settings.description();
    try (Transport transport = openTransport(local)) {
      requests.incrementAndGet();
      try (FetchConnection connection = transport.openFetch()) {
        FetchTarget target = new RemoteRefs(remote, connection.getRefsMap()).select(ref);
        requests.incrementAndGet();
        try {
          connection.fetch(NullProgressMonitor.INSTANCE, List.of(target.want()), Set.of());
        } catch (TransportException e) {
          throw target.advertised() ? failure("fetching " + target.label(), e) : refusedById(target, e);
        } finally {
          for (PackLock lock : connection.getPackLocks()) {
            lock.unlock();
          }
        }
        return pinnedCommit(local, target);
      }
    } catch (SourceException e) {
      throw e;
    } catch (TransportException e) {
      throw failure("listing refs", e);
    }
  }

  private Transport openTransport(Repository local) throws IOException {
    Transport transport = Transport.open(local, settings.remote());
    transport.setDepth(1);
    transport.setTagOpt(TagOpt.NO_TAGS);
    transport.setTimeout((int) Math.max(1, settings.timeout().toSeconds()));
    settings.token().ifPresent(token -> transport.setCredentialsProvider(
        new UsernamePasswordCredentialsProvider(settings.effectiveUsername(), token.reveal())));
    return transport;
  }

  /**
   * Peels what arrived down to its commit and checks it is the commit the advertisement named:
   * a tag of a tree, or a ref that moved between the two requests, stops here.
   */
  private ObjectId pinnedCommit(Repository local, FetchTarget target) throws IOException {
    try (RevWalk walk = new RevWalk(local)) {
      RevObject peeled = walk.peel(walk.parseAny(target.want().getObjectId()));
      if (!(peeled instanceof RevCommit commit)) {
        throw new SourceException(target.label() + " of " + settings.description()
            + " points at a " + typeName(peeled) + ", not a commit");
      }
      boolean expected = commit.equals(target.commit())
          || target.commit().equals(target.want().getObjectId());
      if (!expected) {
        throw new SourceException(target.label() + " of " + settings.description()
            + " moved while it was fetched; run again");
      }
      return commit.copy();
    }
  }

  private SourceException refusedById(FetchTarget target, TransportException e) {
    return new SourceException(settings.description() + " refused to send " + target.label()
        + ": it is not the tip of a branch or tag, and the server does not send other commits by"
        + " id (unreachable from its branches, or uploadpack.allowReachableSHA1InWant is off);"
        + " use a branch or tag that contains it (" + scrubber.describe(e) + ")");
  }

  private SourceException failure(String doing, TransportException e) {
    String detail = scrubber.describe(e);
    String lower = detail.toLowerCase(Locale.ROOT);
    String remote = settings.description();
    if (lower.contains("authentication is required") || lower.contains("no credentialsprovider")) {
      return new SourceException(remote + " asks for credentials: provide a token through the"
          + " token options (" + detail + ")");
    }
    if (lower.contains("not authorized") || lower.contains("401") || lower.contains("403")) {
      return new SourceException(remote + " refused the credentials: check the token and its user"
          + " (Bitbucket access tokens: " + GitSourceSettings.BITBUCKET_ACCESS_TOKEN_USER
          + "; API tokens: your Bitbucket username or "
          + GitSourceSettings.BITBUCKET_API_TOKEN_USER + ") (" + detail + ")");
    }
    if (e instanceof NoRemoteRepositoryException || lower.contains("not found")) {
      return new SourceException("no Git repository at " + remote
          + " (or the token cannot see it) (" + detail + ")");
    }
    return new SourceException(remote + ": " + doing + " failed: " + detail);
  }

  private static String typeName(RevObject object) {
    return switch (object.getType()) {
      case org.eclipse.jgit.lib.Constants.OBJ_TREE -> "tree";
      case org.eclipse.jgit.lib.Constants.OBJ_BLOB -> "blob";
      default -> "object of type " + object.getType();
    };
  }
}
