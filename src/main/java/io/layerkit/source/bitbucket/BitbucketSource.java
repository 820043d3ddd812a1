package io.layerkit.source.bitbucket;

import io.layerkit.source.Freshness;
import io.layerkit.source.PackageSource;
import io.layerkit.source.PreviousBuild;
import io.layerkit.source.RequestBudget;
import io.layerkit.source.RequestBudgetException;
import io.layerkit.source.RequestEstimate;
import io.layerkit.source.Revision;
import io.layerkit.source.SourceException;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.PathRules;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Package folders of a Bitbucket Cloud repository ({@code bitbucket://WORKSPACE/REPO}) through the
 * REST API: the ref pinned to one commit, a package listed many folder levels per listing
 * ({@link TreeLister}), files streamed one request each with at most {@code concurrency} requests
 * in flight (small ones already while the listing goes on, {@link Prefetcher}), every body checked
 * against its listed size, transient failures retried under one policy ({@link Retries}),
 * everything else told in one line. Bitbucket's rate-limit headers are kept as the source's
 * {@link RequestBudget}; a package whose files cannot fit in it fails before they are fetched.
 *
 * <p>Choices worth knowing: symbolic links are kept as links (their raw content is the target);
 * submodules fail the listing; Git LFS files are fetched through the redirect Bitbucket answers
 * with, without the token, and fail if the bytes do not match the listed size.
 */
public final class BitbucketSource implements PackageSource {
  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private final BitbucketSettings settings;
  private final ApiUrls urls;
  private final BitbucketHttp http;
  private final FailureMessages messages;
  private final RateLimits rateLimits;
  private final ExecutorService listingPool;
  private final StallWatchdog watchdog;
  private final RefResolver resolver;
  private final TreeLister lister;
  private final DiffstatFreshness diffstat;
  private final FileFetcher files;
  private final Prefetcher prefetcher;
  /** commit + ':' + repository path of every Git LFS file listed, for a precise message. */
  private final Set<String> lfsFiles = ConcurrentHashMap.newKeySet();
  /** commit + ':' + folder of every package listed, with the listing requests it took. */
  private final Map<String, Long> listingRequests = new ConcurrentHashMap<>();

  public BitbucketSource(BitbucketSettings settings) {
    this(settings, Clock.systemUTC(), Sleeper.REAL);
  }

  /** With the clock Retry-After dates are read by, and what waits between attempts. */
  BitbucketSource(BitbucketSettings settings, Clock clock, Sleeper sleeper) {
    this.settings = settings;
    this.urls = new ApiUrls(settings.apiUrl(), settings.repo());
    this.messages = new FailureMessages(settings);
    this.rateLimits = new RateLimits(clock);
    this.http = new BitbucketHttp(settings, urls, messages, rateLimits, clock, sleeper);
    int pool = POOL_NUMBER.incrementAndGet();
    AtomicInteger thread = new AtomicInteger();
    this.listingPool = Executors.newFixedThreadPool(settings.concurrency(), runnable -> {
      Thread t = new Thread(runnable,
          "layerkit-bitbucket-list-" + pool + "-" + thread.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.watchdog = new StallWatchdog(settings.readTimeout());
    this.resolver = new RefResolver(settings.repo(), http, urls);
    this.lister = new TreeLister(settings.repo(), http, urls, listingPool,
        settings.listingDepth());
    this.diffstat = new DiffstatFreshness(http, urls);
    this.files = new FileFetcher(settings, urls, http, watchdog);
    this.prefetcher = new Prefetcher(settings.prefetchBytes(), settings.concurrency() - 1,
        (commit, path, size) -> files.open(commit, RequestSubject.abbreviate(commit), path, size,
            false));
  }

  @Override
  public String describe() {
    return settings.repo().uri();
  }

  @Override
  public Revision resolve(Optional<String> ref) throws IOException {
    return resolver.resolve(ref);
  }

  @Override
  public PackageTree list(Revision revision, String packagePath) throws IOException {
    String commit = pinned(revision);
    String folder = PathRules.normalizeFolder(packagePath);
    Set<String> lfs = ConcurrentHashMap.newKeySet();
    prefetcher.clear();
    TreeLister.Listing listing;
    try {
      listing = lister.list(commit, RequestSubject.display(revision), folder, lfs,
          fetchingAhead(commit));
    } catch (IOException | RuntimeException e) {
      prefetcher.clear();
      throw e;
    }
    prefetcher.stopStarting();
    lfs.forEach(path -> lfsFiles.add(commit + ":" + path));
    listingRequests.put(commit + ":" + folder, listing.requests());
    // the tree names the folder as the caller did, like every other source
    PackageTree tree = new PackageTree(packagePath, listing.tree().entries());
    // Refused here, before one file is fetched, if the files alone cannot fit in the hour.
    requireBudget(packagePath, new RequestEstimate(0, tree.fileCount(), "the listing"));
    return tree;
  }

  /**
   * Files are fetched ahead only while Bitbucket reports no budget: with one, nothing is fetched
   * before the package is known to fit in it.
   */
  private TreeLister.FileListed fetchingAhead(String commit) {
    if (settings.prefetchBytes() == 0 || settings.concurrency() < 2) {
      return (path, size) -> { };
    }
    return (path, size) -> {
      if (rateLimits.budget().isEmpty()) {
        prefetcher.offer(commit, path, size);
      }
    };
  }

  @Override
  public InputStream open(Revision revision, String packagePath, TreeEntry entry)
      throws IOException {
    if (entry.isDirectory()) {
      throw new IllegalArgumentException("'" + entry.path() + "' is a folder and has no content");
    }
    String commit = pinned(revision);
    String folder = PathRules.normalizeFolder(packagePath);
    PathRules.requireSafe(entry.path());
    String path = folder.isEmpty() ? entry.path() : folder + "/" + entry.path();
    Optional<InputStream> fetchedAhead = prefetcher.take(commit, path);
    if (fetchedAhead.isPresent()) {
      return fetchedAhead.get();
    }
    boolean lfs = lfsFiles.contains(commit + ":" + path);
    return files.open(commit, RequestSubject.display(revision), path, entry.size(), lfs);
  }

  /**
   * Same source, folder and commit: same, without a request. Another commit: Bitbucket's diffstat
   * between the two commits decides; when it cannot, the answer is "unknown" and the pipeline
   * fetches and compares content digests.
   */
  @Override
  public Freshness freshness(Revision revision, String packagePath, PreviousBuild previous) {
    String folder = PathRules.normalizeFolder(packagePath);
    if (!previous.source().equals(describe())) {
      return Freshness.unknown("previous release came from " + previous.source());
    }
    if (!PathRules.normalizeFolder(previous.packagePath()).equals(folder)) {
      return Freshness.unknown("previous release was built from '" + previous.packagePath() + "'");
    }
    if (previous.commit().isEmpty() || revision.commit() == null) {
      return Freshness.unknown("previous release records no commit");
    }
    String old = previous.commit().get();
    if (old.equals(revision.commit())) {
      return Freshness.same("same commit " + DiffstatFreshness.short7(old));
    }
    return diffstat.compare(old, revision.commit(), folder);
  }

  /** The pinned commit is the fingerprint here; releases record it already. */
  @Override
  public Optional<String> fingerprint(Revision revision, String packagePath) {
    return Optional.empty();
  }

  @Override
  public long requestCount() {
    return http.requestCount();
  }

  @Override
  public Optional<RequestEstimate> estimateRequests(Revision revision, String packagePath,
      OptionalInt previousFileCount) {
    return previousFileCount.isPresent()
        ? Optional.of(ListingCost.beforeListing(previousFileCount.getAsInt(),
            settings.listingDepth(),
            "the previous release's " + previousFileCount.getAsInt() + " files"))
        : Optional.empty();
  }

  @Override
  public Optional<RequestEstimate> estimateRequests(Revision revision, PackageTree listed) {
    String key = revision.commit() + ":" + PathRules.normalizeFolder(listed.packagePath());
    return Optional.of(new RequestEstimate(listingRequests.getOrDefault(key, 0L),
        listed.fileCount(), "the listing"));
  }

  @Override
  public Optional<RequestBudget> requestBudget() {
    return rateLimits.budget();
  }

  @Override
  public void requireBudget(String packagePath, RequestEstimate estimate)
      throws RequestBudgetException {
    Optional<RequestBudget> budget = rateLimits.budget();
    if (budget.isPresent() && !budget.get().covers(estimate.total())) {
      throw new RequestBudgetException(
          messages.budgetTooSmall(packagePath, estimate, budget.get()), estimate, budget.get());
    }
  }

  @Override
  public void close() {
    prefetcher.close();
    listingPool.shutdownNow();
    watchdog.close();
  }

  @Override
  public String toString() {
    return "BitbucketSource[" + describe() + " via " + settings.apiUrl() + "]";
  }

  private static String pinned(Revision revision) throws SourceException {
    if (revision.commit() == null) {
      throw new SourceException("a Bitbucket revision needs a commit id; resolve the ref first");
    }
    return revision.commit();
  }
}
