package io.layerkit.source.bitbucket;

import io.layerkit.source.BitbucketRepo;
import io.layerkit.source.SourceException;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.PathRules;
import io.layerkit.tree.TreeEntry;
import io.layerkit.tree.UnsafePathException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lists a package folder at a pinned commit through the {@code src} endpoint, many levels per
 * listing: {@code max_depth} makes Bitbucket answer with the folder's whole subtree down to that
 * depth, breadth first, in one paginated listing ("When omitted, this defaults to 1": one level is
 * the plain listing). Every page is read, following {@code next} exactly as given; the tree is
 * built from the paths that came back, whatever their order, and only the folders whose contents
 * did not come back ({@link ListingCoverage}) are listed on their own, in parallel. An answer of
 * HTTP 555 (the listing took Bitbucket too long) is asked again with half the depth, down to one
 * level, and the lower depth is kept for the source's later listings.
 *
 * <p>Each answer is checked: paths inside the package folder, below the folder listed and no
 * deeper than asked, the commit the one asked for, sizes present, no submodules.
 */
final class TreeLister {
  static final String FILE = "commit_file";
  static final String DIRECTORY = "commit_directory";
  private static final int TOO_DEEP = 555;

  private final BitbucketRepo repo;
  private final BitbucketHttp http;
  private final ApiUrls urls;
  private final ExecutorService pool;
  private final AtomicInteger depth;

  TreeLister(BitbucketRepo repo, BitbucketHttp http, ApiUrls urls, ExecutorService pool,
      int depth) {
    this.repo = repo;
    this.http = http;
    this.urls = urls;
    this.pool = pool;
    this.depth = new AtomicInteger(depth);
  }

  /** Told of every plain file as soon as its page arrives, before the listing is done. */
  @FunctionalInterface
  interface FileListed {
    void listed(String path, long size);
  }

  /**
   * A listed folder and what listing it cost.
   *
   * @param tree the folder's entries, paths relative to it
   * @param requests listing requests spent: pages read and listings refused as too deep
   */
  record Listing(PackageTree tree, long requests) {}

  /**
   * @param commit the pinned 40-hex commit
   * @param revision how the revision is named in messages
   * @param folder the normalised package folder, {@code ""} for the repository root
   * @param lfsPaths receives the repository paths of Git LFS files, which need a distinct message
   *     should their content not match the listing
   * @param fileListed told of each plain file (not a link, not LFS) as its page arrives
   */
  Listing list(String commit, String revision, String folder, Set<String> lfsPaths,
      FileListed fileListed) throws IOException {
    Walk walk = new Walk(commit, revision, folder, lfsPaths, fileListed);
    walk.submit(folder);
    List<TreeEntry> entries = walk.await();
    try {
      return new Listing(PackageTree.of(folder, entries), walk.requests.get());
    } catch (UnsafePathException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new SourceException("Bitbucket listed " + folderName(folder) + " in " + repo + " at "
          + revision + " inconsistently: " + e.getMessage());
    }
  }

  private static String folderName(String folder) {
    return folder.isEmpty() ? "the repository root" : "'" + folder + "'";
  }

  /** One listing run: pending listings, collected entries, the first failure. */
  private final class Walk {
    private final String commit;
    private final String revision;
    private final String folder;
    private final Set<String> lfsPaths;
    private final FileListed fileListed;
    private final Map<String, TreeEntry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    Walk(String commit, String revision, String folder, Set<String> lfsPaths,
        FileListed fileListed) {
      this.commit = commit;
      this.revision = revision;
      this.folder = folder;
      this.lfsPaths = lfsPaths;
      this.fileListed = fileListed;
    }

    void submit(String directory) {
      pending.incrementAndGet();
      try {
        pool.execute(() -> {
          try {
            if (failure.get() == null) {
              listDirectory(directory);
            }
          } catch (Throwable t) {
            if (failure.compareAndSet(null, t)) {
              finished.complete(null);
            }
          } finally {
            if (pending.decrementAndGet() == 0) {
              finished.complete(null);
            }
          }
        });
      } catch (RuntimeException rejected) {
        pending.decrementAndGet();
        failure.compareAndSet(null, rejected);
        finished.complete(null);
      }
    }

    List<TreeEntry> await() throws IOException {
      try {
        finished.get();
      } catch (InterruptedException e) {
        failure.compareAndSet(null, e);
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while listing " + folderName(folder));
      } catch (ExecutionException e) {
        failure.compareAndSet(null, e.getCause());
      }
      Throwable failed = failure.get();
      if (failed instanceof IOException io) {
        throw io;
      }
      if (failed instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failed instanceof Error error) {
        throw error;
      }
      return List.copyOf(entries.values());
    }

    private void listDirectory(String directory) throws IOException {
      int levels = depth.get();
      while (true) {
        ListingCoverage coverage = new ListingCoverage(directory, levels);
        try {
          readPages(directory, levels, coverage);
        } catch (RetryableFailure tooDeep) {
          // only a 555 to a listing of several levels gets here: ask for half as many
          levels = Math.max(1, levels / 2);
          depth.accumulateAndGet(levels, Math::min);
          continue;
        }
        for (String cut : coverage.toListOnTheirOwn()) {
          submit(cut);
        }
        return;
      }
    }

    /**
     * Every page of one listing, each entry kept as its page arrives. A listing refused as too
     * deep keeps the entries it gave (they are true at the commit) but not its coverage.
     */
    private void readPages(String directory, int levels, ListingCoverage coverage)
        throws IOException {
      RequestSubject subject = RequestSubject.folder(revision, directory);
      URI page = urls.folder(commit, directory, levels);
      Set<URI> seen = new HashSet<>();
      while (page != null && failure.get() == null) {
        if (!seen.add(page)) {
          throw new SourceException("Bitbucket's listing of '" + directory + "' in " + repo
              + " at " + revision + " links back to a page already read; giving up");
        }
        ApiModel.SrcPage listing;
        requests.incrementAndGet();
        try {
          listing = http.getJson(page, ApiModel.SrcPage.class, subject,
              answer -> levels > 1 && answer.status() == TOO_DEEP);
        } catch (BitbucketHttp.NotJsonException e) {
          throw new SourceException(notAListing(directory, FILE));
        }
        if (listing.values() == null) {
          throw new SourceException(notAListing(directory, listing.type()));
        }
        for (ApiModel.SrcItem item : listing.values()) {
          accept(directory, levels, item, coverage);
        }
        page = listing.next() == null || listing.next().isBlank() ? null
            : ApiUrls.link(listing.next());
      }
    }

    private String notAListing(String directory, String type) {
      return FILE.equals(type)
          ? "'" + directory + "' in " + repo + " at " + revision + " is a file, not a folder"
          : "Bitbucket answered the listing of '" + directory + "' in " + repo + " at " + revision
              + " with something that is not a listing (type " + type + ")";
    }

    private void accept(String directory, int levels, ApiModel.SrcItem item,
        ListingCoverage coverage) throws SourceException {
      String path = item.path();
      if (path == null) {
        throw new SourceException("Bitbucket listed an entry without a path in '" + directory
            + "' of " + repo + " at " + revision);
      }
      PathRules.requireSafe(path);
      String relative = PathRules.relativize(folder, path);
      if (!directory.isEmpty() && !path.startsWith(directory + "/")) {
        // A listing holds what is below its folder only; anything else is a confused answer.
        throw new UnsafePathException(path, "listed in '" + directory + "', which does not contain"
            + " it");
      }
      int below = ListingCoverage.levels(directory, path);
      if (below > levels) {
        throw new UnsafePathException(path, levels == 1
            ? "listed in '" + directory + "', which does not contain it"
            : "listed " + below + " levels below '" + directory + "', deeper than the "
                + levels + " asked for");
      }
      if (item.commit() != null && item.commit().hash() != null
          && !item.commit().hash().equals(commit)) {
        throw new SourceException("Bitbucket listed '" + path + "' in " + repo + " at commit "
            + item.commit().hash() + " while " + commit + " was asked for");
      }
      if (DIRECTORY.equals(item.type())) {
        keep(path, TreeEntry.directory(relative));
        coverage.add(path, true);
        return;
      }
      if (!FILE.equals(item.type())) {
        throw new SourceException("Bitbucket listed '" + path + "' in " + repo + " at " + revision
            + " as '" + item.type() + "', which layerkit does not know");
      }
      if (item.has("subrepository")) {
        throw new SourceException("'" + path + "' in " + repo + " at " + revision
            + " is a Git submodule; submodules are not supported in layers: vendor the files or"
            + " remove the submodule");
      }
      if (item.size() == null || item.size() < 0) {
        throw new SourceException("Bitbucket listed '" + path + "' in " + repo + " at "
            + revision + " without a size, so its download could not be checked");
      }
      coverage.add(path, false);
      if (item.has("link")) {
        keep(path, TreeEntry.symlink(relative, item.size()));
        return;
      }
      if (item.has("lfs")) {
        lfsPaths.add(path);
      } else {
        fileListed.listed(path, item.size());
      }
      keep(path, TreeEntry.file(relative, item.size(), item.has("executable")));
    }

    /** A path listed twice (by a listing and by its folder's own) must be listed alike. */
    private void keep(String path, TreeEntry entry) throws SourceException {
      TreeEntry before = entries.putIfAbsent(entry.path(), entry);
      if (before != null && !before.equals(entry)) {
        throw new SourceException("Bitbucket listed '" + path + "' in " + repo + " at " + revision
            + " twice, differently: as " + before + " and as " + entry);
      }
    }
  }
}
