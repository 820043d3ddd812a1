package io.layerkit.source.git;

import io.layerkit.source.PackageSource;
import io.layerkit.source.Revision;
import io.layerkit.source.SourceException;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.PathRules;
import io.layerkit.tree.TreeEntry;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Package folders from any Git remote over HTTPS, HTTP or a local path, through JGit. A run costs
 * a handful of requests whatever the layer's size: one ref advertisement to pin the ref to a
 * commit and one depth-1 fetch of that commit into a temporary bare repository (no working tree).
 * Where the server offers partial fetches, that first fetch brings the commit's trees only, and
 * the blobs follow in a second fetch when the first folder is listed; a run where every folder's
 * tree is unchanged then downloads no file content at all. Listing, reading and fingerprinting
 * work on the local object database and always name the pinned commit, so a branch that moves
 * during the run changes nothing. The folder's fingerprint is its Git tree id, which a later run
 * compares without reading a single blob.
 *
 * <p>Thread-safe: every call takes its own {@link ObjectReader}; {@link #open} hands the reader
 * to the returned stream, which releases it on close. Blobs above {@link #STREAM_THRESHOLD} are
 * inflated while read, never held whole in memory.
 */
public final class GitSource implements PackageSource {
  /** Blobs larger than this are streamed from the pack rather than inflated into memory. */
  static final int STREAM_THRESHOLD = 1024 * 1024;

  private final GitSourceSettings settings;
  private final Function<Repository, ObjectReader> readers;
  private final CredentialScrubber scrubber;
  private final FolderLister lister;
  private final AtomicLong requests = new AtomicLong();
  private final Map<ObjectId, PinnedCommit> pinned = new ConcurrentHashMap<>();
  private final ShallowFetcher fetcher;
  private final Map<String, ListedFolder> listed = new ConcurrentHashMap<>();
  private TemporaryRepository temporary;
  private boolean closed;

  public GitSource(GitSourceSettings settings) {
    this(settings, Repository::newObjectReader);
  }

  /** With a different way to open object readers, so tests can watch which objects are read. */
  GitSource(GitSourceSettings settings, Function<Repository, ObjectReader> readers) {
    this.settings = settings;
    this.readers = readers;
    this.scrubber = new CredentialScrubber(settings.token(), settings.remote().toString());
    this.lister = new FolderLister(settings.description());
    this.fetcher = new ShallowFetcher(settings, scrubber, requests);
  }

  @Override
  public String describe() {
    return settings.description();
  }

  @Override
  public synchronized Revision resolve(Optional<String> ref) throws IOException {
    if (closed) {
      throw new SourceException("the Git source for " + describe() + " is closed");
    }
    boolean fresh = temporary == null;
    if (fresh) {
      temporary = TemporaryRepository.create(settings.tempRoot());
    }
    try {
      PinnedCommit commit = fetcher.pin(temporary.repository(), ref);
      pinned.merge(commit.commit(), commit, (had, now) -> had.withBlobs() ? had : now);
      return new Revision(ref, commit.commit().name());
    } catch (IOException | RuntimeException e) {
      if (fresh) {
        // Nothing usable was fetched: remove the half-written repository now, not at close().
        TemporaryRepository failed = temporary;
        temporary = null;
        failed.close();
      }
      throw e;
    }
  }

  @Override
  public PackageTree list(Revision revision, String packagePath) throws IOException {
    // the tree names the folder as the caller did, like every other source
    return new PackageTree(packagePath, listed(revision, packagePath).tree().entries());
  }

  @Override
  public InputStream open(Revision revision, String packagePath, TreeEntry entry)
      throws IOException {
    if (entry.isDirectory()) {
      throw new SourceException("'" + PathRules.printable(entry.path()) + "' is a folder and has"
          + " no content to open");
    }
    ObjectId blob = listed(revision, packagePath).blobs().get(entry.path());
    if (blob == null) {
      throw new SourceException("'" + PathRules.printable(entry.path()) + "' is not in folder '"
          + PathRules.printable(packagePath) + "' of " + describe() + " at commit "
          + revision.commit());
    }
    ObjectReader reader = newReader();
    try {
      ObjectLoader loader = reader.open(blob, Constants.OBJ_BLOB);
      if (!loader.isLarge()) {
        byte[] bytes = loader.getCachedBytes();
        reader.close();
        return new ByteArrayInputStream(bytes);
      }
      return new ReaderClosingStream(loader.openStream(), reader);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  @Override
  public Optional<String> fingerprint(Revision revision, String packagePath) throws IOException {
    try (ObjectReader reader = newReader(); RevWalk walk = new RevWalk(reader)) {
      RevCommit commit = parseCommit(walk, revision);
      return Optional.of(lister.locate(reader, commit, PathRules.normalizeFolder(packagePath)).name());
    }
  }

  @Override
  public long requestCount() {
    return requests.get();
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    listed.clear();
    if (temporary != null) {
      TemporaryRepository open = temporary;
      temporary = null;
      open.close();
    }
  }

  private ListedFolder listed(Revision revision, String packagePath) throws IOException {
    String folder = PathRules.normalizeFolder(packagePath);
    String key = requireFetched(revision).name() + ":" + folder;
    ListedFolder cached = listed.get(key);
    if (cached != null) {
      return cached;
    }
    requireBlobs(revision);
    try (ObjectReader reader = newReader(); RevWalk walk = new RevWalk(reader)) {
      ListedFolder folderListing = lister.list(reader, parseCommit(walk, revision), folder);
      listed.put(key, folderListing);
      return folderListing;
    }
  }

  /** Fetches the blobs of a commit that was pinned with its trees only, once. */
  private synchronized void requireBlobs(Revision revision) throws IOException {
    PinnedCommit commit = pinned.get(requireFetched(revision));
    if (!commit.withBlobs()) {
      if (temporary == null) {
        throw new SourceException("the Git source for " + describe() + " is closed");
      }
      pinned.put(commit.commit(), fetcher.fetchBlobs(temporary.repository(), commit));
    }
  }

  private RevCommit parseCommit(RevWalk walk, Revision revision) throws IOException {
    ObjectId commit = requireFetched(revision);
    try {
      return walk.parseCommit(commit);
    } catch (MissingObjectException e) {
      throw new SourceException("commit " + commit.name() + " of " + describe()
          + " is missing from the temporary repository; was the source closed?");
    }
  }

  private ObjectId requireFetched(Revision revision) throws SourceException {
    String commit = revision.commit();
    if (commit == null || !ObjectId.isId(commit)) {
      throw new SourceException(describe() + " needs a revision with a commit id, got "
          + (commit == null ? "none" : "'" + commit + "'"));
    }
    ObjectId id = ObjectId.fromString(commit);
    if (!pinned.containsKey(id)) {
      throw new SourceException("commit " + commit + " was not resolved by this source for "
          + describe() + "; call resolve first");
    }
    return id;
  }

  private synchronized ObjectReader newReader() throws SourceException {
    if (temporary == null) {
      throw new SourceException("the Git source for " + describe()
          + (closed ? " is closed" : " has not resolved a ref yet"));
    }
    ObjectReader reader = readers.apply(temporary.repository());
    reader.setStreamFileThreshold(STREAM_THRESHOLD);
    return reader;
  }

  /** A blob stream that releases its reader (and the pack windows it holds) when closed. */
  private static final class ReaderClosingStream extends FilterInputStream {
    private final ObjectReader reader;

    ReaderClosingStream(InputStream in, ObjectReader reader) {
      super(in);
      this.reader = reader;
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        reader.close();
      }
    }
  }
}
