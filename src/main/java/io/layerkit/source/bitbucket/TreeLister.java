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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lists a package folder at a pinned commit through the {@code src} endpoint: every page of every
 * folder (following {@code next} exactly as given), sub-folders listed in parallel as soon as they
 * are seen, each answer checked — paths inside the folder and directly under the folder being
 * listed, the commit the one asked for, sizes present, no submodules.
 *
 * <p>{@code max_depth} is not used: its depth semantics, its pagination across depths and the
 * point where it fails with HTTP 555 are undocumented, and a tree it half-expanded would be
 * indistinguishable from a smaller tree. Per-folder listing with {@code pagelen=100} costs one
 * request per 100 entries, a small part of the one request per file the downloads need anyway.
 */
final class TreeLister {
  static final String FILE = "commit_file";
  static final String DIRECTORY = "commit_directory";

  private final BitbucketRepo repo;
  private final BitbucketHttp http;
  private final ApiUrls urls;
  private final ExecutorService pool;

  TreeLister(BitbucketRepo repo, BitbucketHttp http, ApiUrls urls, ExecutorService pool) {
    this.repo = repo;
    this.http = http;
    this.urls = urls;
    this.pool = pool;
  }

  /**
   * @param commit the pinned 40-hex commit
   * @param revision how the revision is named in messages
   * @param folder the normalised package folder, {@code ""} for the repository root
   * @param lfsPaths receives the repository paths of Git LFS files, which need a distinct message
   *     should their content not match the listing
   */
  Listing list(String commit, String revision, String folder, Set<String> lfsPaths)
      throws IOException {
    Walk walk = new Walk(commit, revision, folder, lfsPaths);
    walk.submit(folder);
    List<TreeEntry> entries = walk.await();
    try {
      return new Listing(PackageTree.of(folder, entries), walk.pages.get());
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

  /**
   * A listed folder and what listing it cost.
   *
   * @param tree the folder's entries, paths relative to it
   * @param requests listing pages read
   */
  record Listing(PackageTree tree, long requests) {}

  /** One listing run: pending folder count, collected entries, the first failure. */
  private final class Walk {
    private final String commit;
    private final String revision;
    private final String folder;
    private final Set<String> lfsPaths;
    private final ConcurrentLinkedQueue<TreeEntry> entries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong pages = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    Walk(String commit, String revision, String folder, Set<String> lfsPaths) {
      this.commit = commit;
      this.revision = revision;
      this.folder = folder;
      this.lfsPaths = lfsPaths;
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
      return List.copyOf(entries);
    }

    private void listDirectory(String directory) throws IOException {
      RequestSubject subject = RequestSubject.folder(revision, directory);
      URI page = urls.folder(commit, directory);
      Set<URI> seen = new HashSet<>();
      while (page != null && failure.get() == null) {
        if (!seen.add(page)) {
          throw new SourceException("Bitbucket's listing of '" + directory + "' in " + repo
              + " at " + revision + " links back to a page already read; giving up");
        }
        ApiModel.SrcPage listing;
        try {
          listing = http.getJson(page, ApiModel.SrcPage.class, subject);
          pages.incrementAndGet();
        } catch (BitbucketHttp.NotJsonException e) {
          throw new SourceException(notAListing(directory, FILE));
        }
        if (listing.values() == null) {
          throw new SourceException(notAListing(directory, listing.type()));
        }
        for (ApiModel.SrcItem item : listing.values()) {
          accept(directory, item);
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

    private void accept(String directory, ApiModel.SrcItem item) throws SourceException {
      String path = item.path();
      if (path == null) {
        throw new SourceException("Bitbucket listed an entry without a path in '" + directory
            + "' of " + repo + " at " + revision);
      }
      PathRules.requireSafe(path);
      String relative = PathRules.relativize(folder, path);
      String parent = path.lastIndexOf('/') < 0 ? "" : path.substring(0, path.lastIndexOf('/'));
      if (!parent.equals(directory)) {
        // A listing holds its folder's direct children only; anything else is a confused answer
        // (and a folder listed inside itself would recurse forever).
        throw new UnsafePathException(path, "listed in '" + directory + "', which does not contain it");
      }
      if (item.commit() != null && item.commit().hash() != null
          && !item.commit().hash().equals(commit)) {
        throw new SourceException("Bitbucket listed '" + path + "' in " + repo + " at commit "
            + item.commit().hash() + " while " + commit + " was asked for");
      }
      if (DIRECTORY.equals(item.type())) {
        entries.add(TreeEntry.directory(relative));
        submit(path);
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
      if (item.has("link")) {
        entries.add(TreeEntry.symlink(relative, item.size()));
        return;
      }
      if (item.has("lfs")) {
        lfsPaths.add(path);
      }
      entries.add(TreeEntry.file(relative, item.size(), item.has("executable")));
    }
  }
}
