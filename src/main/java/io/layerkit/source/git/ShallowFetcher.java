package io.layerkit.source.git;

import io.layerkit.source.SourceException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.FilterSpec;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;

/**
 * Pins a ref and brings exactly its commit's objects into a local repository, at depth 1.
 *
 * <p>{@link #pin} asks for the ref advertisement ({@code ls-remote}) and fetches the commit over
 * the same connection, so the commit fetched is the one the advertisement named. Where the server
 * supports partial fetches it first fetches the commit and its trees only ({@code blob:none}):
 * enough to fingerprint every folder, so a run where nothing changed downloads no file content.
 * {@link #fetchBlobs} then brings the rest of the same commit when a folder must be read.
 */
final class ShallowFetcher {
  private static final FilterSpec TREES_ONLY = filter("blob:none");
  private static final Pattern URL = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://\\S*");

  private final GitSourceSettings settings;
  private final CredentialScrubber scrubber;
  private final AtomicLong requests;
  private volatile boolean partialFetchUnsupported;

  ShallowFetcher(GitSourceSettings settings, CredentialScrubber scrubber, AtomicLong requests) {
    this.settings = settings;
    this.scrubber = scrubber;
    this.requests = requests;
  }

  /** Pins {@code ref}; the commit and its trees, and perhaps its blobs, are local afterwards. */
  PinnedCommit pin(Repository local, Optional<String> ref) throws IOException {
    if (!partialFetchUnsupported) {
      try {
        return fetch(local, ref, null, true);
      } catch (PartialFetchRefused refused) {
        partialFetchUnsupported = true;
        return fetch(local, ref, refused.target, false);
      }
    }
    return fetch(local, ref, null, false);
  }

  /** Brings the blobs of a commit pinned without them. */
  PinnedCommit fetchBlobs(Repository local, PinnedCommit pinned) throws IOException {
    return pinned.withBlobs() ? pinned : fetch(local, Optional.empty(), pinned.target(), false);
  }

  /**
   * One connection: the advertisement, then one fetch of {@code known} (a target chosen from an
   * earlier advertisement) or of what {@code ref} selects in this one.
   */
  private PinnedCommit fetch(Repository local, Optional<String> ref, FetchTarget known,
      boolean treesOnly) throws IOException {
    String remote = settings.description();
    Optional<RemoteOnlyCredentials> credentials = settings.token().map(token ->
        new RemoteOnlyCredentials(settings.remote(), settings.effectiveUsername(), token));
    try (Transport transport = openTransport(local, treesOnly, credentials)) {
      requests.incrementAndGet();
      try (FetchConnection connection = transport.openFetch()) {
        FetchTarget target = known == null
            ? new RemoteRefs(remote, connection.getRefsMap()).select(ref)
            : stillAdvertised(known, connection);
        try {
          connection.fetch(NullProgressMonitor.INSTANCE, List.of(target.want()), Set.of());
          requests.incrementAndGet();
        } catch (TransportException e) {
          if (treesOnly && isMissingFilterCapability(e)) {
            // JGit refuses before sending anything: no request was made.
            throw new PartialFetchRefused(target);
          }
          requests.incrementAndGet();
          throw target.advertised() ? failure("fetching " + target.label(), e, credentials)
              : refusedById(target, e);
        } finally {
          for (PackLock lock : connection.getPackLocks()) {
            lock.unlock();
          }
        }
        return new PinnedCommit(pinnedCommit(local, target), target, !treesOnly);
      }
    } catch (SourceException e) {
      throw e;
    } catch (TransportException e) {
      throw failure("listing refs", e, credentials);
    }
  }

  /**
   * The same commit again, asked for as an advertised ref when one still points at it (every
   * server sends tips), otherwise by its id.
   */
  private static FetchTarget stillAdvertised(FetchTarget known, FetchConnection connection) {
    ObjectId wanted = known.want().getObjectId();
    for (Ref ref : connection.getRefs()) {
      if (wanted.equals(ref.getObjectId())) {
        return new FetchTarget(ref, known.commit(), true, known.label());
      }
    }
    Ref byId = new ObjectIdRef.Unpeeled(Ref.Storage.NETWORK, wanted.name(), wanted);
    return new FetchTarget(byId, known.commit(), false, known.label());
  }

  private Transport openTransport(Repository local, boolean treesOnly,
      Optional<RemoteOnlyCredentials> credentials) throws IOException {
    Transport transport = Transport.open(local, settings.remote());
    transport.setDepth(1);
    transport.setTagOpt(TagOpt.NO_TAGS);
    transport.setTimeout((int) Math.max(1, settings.timeout().toSeconds()));
    if (treesOnly) {
      transport.setFilterSpec(TREES_ONLY);
    }
    credentials.ifPresent(transport::setCredentialsProvider);
    return transport;
  }

  /**
   * Peels what arrived down to its commit and checks it is the commit the advertisement named:
   * a tag of a tree, or a ref that moved between two requests, stops here.
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

  private static boolean isMissingFilterCapability(TransportException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PackProtocolException && cause.getMessage() != null
          && cause.getMessage().contains(JGitText.get().filterRequiresCapability)) {
        return true;
      }
    }
    return false;
  }

  private SourceException refusedById(FetchTarget target, TransportException e) {
    return new SourceException(settings.description() + " refused to send " + target.label()
        + ": it is not the tip of a branch or tag, and the server does not send other commits by"
        + " id (unreachable from its branches, or uploadpack.allowReachableSHA1InWant is off);"
        + " use a branch or tag that contains it (" + scrubber.describe(e) + ")");
  }

  private SourceException failure(String doing, TransportException e,
      Optional<RemoteOnlyCredentials> credentials) {
    String detail = scrubber.describe(e);
    // JGit's texts quote URLs, and a URL may hold any digits or words ('team-401', 'not-found'):
    // only what is left around them says what the server answered
    String words = URL.matcher(detail).replaceAll("<url>").toLowerCase(Locale.ROOT);
    String remote = settings.description();
    Optional<String> elsewhere = credentials.flatMap(RemoteOnlyCredentials::refusedOrigin);
    if (elsewhere.isPresent()) {
      return new SourceException(remote + " redirected to " + elsewhere.get() + ", which asks"
          + " for credentials; layerkit sends the token to the configured host only: if the"
          + " repository moved there, use its new URL as the source (" + detail + ")");
    }
    if (causedBy(e, NoRemoteRepositoryException.class) || status(words, 404)) {
      return new SourceException("no Git repository at " + remote
          + " (or the token cannot see it) (" + detail + ")");
    }
    if (words.contains("authentication is required") || words.contains("no credentialsprovider")) {
      return new SourceException(remote + " asks for credentials: provide a token through the"
          + " token options (" + detail + ")");
    }
    boolean refused = words.contains("not authorized") || words.contains("not permitted")
        || status(words, 401) || status(words, 403);
    if (refused && credentials.isEmpty()) {
      return new SourceException(remote + " refused access: provide a token through the token"
          + " options (" + detail + ")");
    }
    if (refused) {
      return new SourceException(remote + " refused the credentials: check the token and its user"
          + " (Bitbucket access tokens: " + GitSourceSettings.BITBUCKET_ACCESS_TOKEN_USER
          + "; API tokens: your Bitbucket username or "
          + GitSourceSettings.BITBUCKET_API_TOKEN_USER + ") (" + detail + ")");
    }
    if (words.contains("not found")) {
      return new SourceException("no Git repository at " + remote
          + " (or the token cannot see it) (" + detail + ")");
    }
    return new SourceException(remote + ": " + doing + " failed: " + detail);
  }

  /** JGit reports an unexpected answer as {@code <status> <reason>}. */
  private static boolean status(String words, int code) {
    return Pattern.compile("(^|[^\\w.:/-])" + code + "($|[^\\w.-])").matcher(words).find();
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static String typeName(RevObject object) {
    return switch (object.getType()) {
      case Constants.OBJ_TREE -> "tree";
      case Constants.OBJ_BLOB -> "blob";
      default -> "object of type " + object.getType();
    };
  }

  private static FilterSpec filter(String line) {
    try {
      return FilterSpec.fromFilterLine(line);
    } catch (PackProtocolException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The server does not offer partial fetches; the target is kept for the full fetch. */
  private static final class PartialFetchRefused extends IOException {
    private final transient FetchTarget target;

    PartialFetchRefused(FetchTarget target) {
      super("partial fetch not offered");
      this.target = target;
    }
  }
}
