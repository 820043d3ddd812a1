package io.layerkit.source.bitbucket;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerkit.source.BitbucketRepo;
import io.layerkit.source.Revision;
import io.layerkit.source.Secret;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fetch benchmark, run by {@code bench/fetch-bench.sh}. A local server answers like Bitbucket
 * Cloud's API ({@link BenchApiServer}: the WireMock stubs' payload shapes, opaque {@code next}
 * tokens, {@code max_depth}) with a fixed latency per request, serving a copy of an installed
 * Python package. In one run it times, each three times, and reports the median:
 * <ol>
 *   <li>the server alone: a plain JDK HttpClient with as many threads as requests in flight,
 *       asking exactly what layerkit asks, so the server is shown not to be the bottleneck;
 *   <li>layerkit's BitbucketSource with {@code max_depth} (the default), the same without
 *       fetching files while listing, and listing one folder per listing: list, then read every
 *       file in parallel as the archiver does;
 *   <li>the original function's walk, once: one request at a time, the default page length,
 *       recursion, one GET per file.
 * </ol>
 * Each time is printed against the latency floor, {@code requests x latency / in flight}.
 *
 * <p>Arguments: {@code FOLDER [LATENCY_MS [IN_FLIGHT]]}.
 */
public final class FetchBench {
  static final String COMMIT = "5be0c0ffee5be0c0ffee5be0c0ffee5be0c0ffee";
  static final String PACKAGE = "lambda/layers/botocore";
  static final int RUNS = 3;
  static final long DEFAULT_AHEAD = BitbucketSettings.DEFAULT_PREFETCH_BYTES;

  private final String baseUrl;
  private final int latency;
  private final int inFlight;
  private final BenchApiServer server;

  private FetchBench(String baseUrl, int latency, int inFlight, BenchApiServer server) {
    this.baseUrl = baseUrl;
    this.latency = latency;
    this.inFlight = inFlight;
    this.server = server;
  }

  public static void main(String[] args) throws Exception {
    Path installed = Path.of(args[0]);
    int latency = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int inFlight = args.length > 2 ? Integer.parseInt(args[2])
        : BitbucketSettings.DEFAULT_CONCURRENCY;
    String name = installed.getFileName().toString();
    RepoTree tree = RepoTree.copyOf(installed, PACKAGE + "/python/" + name);
    long bytes = tree.blobs().values().stream().mapToLong(RepoTree.Blob::size).sum();
    int folders = tree.directories().size() - 3 - 1; // without lambda, layers, the package, root

    try (BenchApiServer server = new BenchApiServer(tree, "main", COMMIT, latency)) {
      FetchBench bench = new FetchBench(server.baseUrl(), latency, inFlight, server);
      System.out.printf(Locale.ROOT, "tree: %s (%s): %d files in %d folders, %.1f MB; server"
              + " latency %d ms per request, %d requests in flight%n",
          name, installed, tree.blobs().size(), folders, bytes / 1e6, latency, inFlight);

      // Warm-up, untimed: JIT, connections, and every answer the server caches by URL.
      bench.layerkit(1, DEFAULT_AHEAD);
      bench.layerkit(BitbucketSettings.DEFAULT_LISTING_DEPTH, DEFAULT_AHEAD);
      List<String> asked = bench.layerkitUrls();
      bench.serverAlone(asked);

      Result alone = median(() -> bench.serverAlone(asked));
      Result deep = median(() -> bench.layerkit(BitbucketSettings.DEFAULT_LISTING_DEPTH,
          DEFAULT_AHEAD));
      Result notAhead = median(() -> bench.layerkit(BitbucketSettings.DEFAULT_LISTING_DEPTH, 0));
      Result perFolder = median(() -> bench.layerkit(1, DEFAULT_AHEAD));
      Result sequential = bench.sequential();
      if (deep.files() != perFolder.files() || deep.bytes() != perFolder.bytes()
          || deep.files() != sequential.files() || deep.bytes() != sequential.bytes()) {
        throw new IllegalStateException("the fetches disagree: " + deep + " / " + perFolder
            + " / " + sequential);
      }

      System.out.println();
      System.out.printf(Locale.ROOT, "%-44s %8s %9s %9s %9s %11s %9s%n", "", "requests",
          "listings", "time", "floor*", "time/floor", "listed in");
      bench.row("server alone (JDK HttpClient, " + inFlight + " threads)", alone);
      bench.row("layerkit, max_depth=" + BitbucketSettings.DEFAULT_LISTING_DEPTH, deep);
      bench.row("  the same, nothing fetched while listing", notAhead);
      bench.row("layerkit, one folder per listing", perFolder);
      bench.row("sequential walk (original function)", sequential);
      System.out.printf(Locale.ROOT, "* floor = requests x %d ms / %d in flight (the sequential"
          + " walk: / 1)%n%n", latency, inFlight);
      System.out.printf(Locale.ROOT, "folder listings: %.1f%% of the requests with max_depth,"
              + " %.1f%% without%n", 100.0 * deep.listings() / deep.requests(),
          100.0 * perFolder.listings() / perFolder.requests());
      System.out.printf(Locale.ROOT, "max_depth against one folder per listing: requests %.2fx,"
          + " time %.2fx%n", ratio(deep.requests(), perFolder.requests()),
          deep.seconds() / perFolder.seconds());
      System.out.printf(Locale.ROOT, "max_depth against the server alone on the same requests:"
          + " time %.2fx%n", deep.seconds() / alone.seconds());
      System.out.printf(Locale.ROOT, "fetching while listing against not: time %.2fx%n",
          deep.seconds() / notAhead.seconds());
      System.out.printf(Locale.ROOT, "sequential walk against max_depth: time %.1fx, requests"
          + " %.2fx%n", sequential.seconds() / deep.seconds(),
          ratio(sequential.requests(), deep.requests()));
    }
  }

  /**
   * @param requests what the server answered
   * @param listings of those, listing pages
   */
  record Result(double seconds, long requests, long listings, int files, long bytes,
      double floorSeconds, double listSeconds) {}

  private void row(String label, Result result) {
    System.out.printf(Locale.ROOT, "%-44s %8d %9d %8.2fs %8.2fs %10.2fx %9s%n", label,
        result.requests(), result.listings(), result.seconds(), result.floorSeconds(),
        result.seconds() / result.floorSeconds(),
        result.listSeconds() > 0 ? String.format(Locale.ROOT, "%.2fs", result.listSeconds()) : "");
  }

  /**
   * The URLs layerkit asks for with {@code max_depth}: the branch, the listing pages (followed
   * through their {@code next} links) and every file, for the server-alone run to ask again.
   */
  List<String> layerkitUrls() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String repo = "/2.0/repositories/acme/platform";
    List<String> urls = new ArrayList<>();
    urls.add(repo + "/refs/branches/main");
    String page = repo + "/src/" + COMMIT + "/" + PACKAGE + "/"
        + BitbucketApiStub.query(BitbucketSettings.DEFAULT_LISTING_DEPTH);
    while (page != null) {
      urls.add(page);
      JsonNode body = BitbucketApiStub.JSON.readTree(client.send(
          HttpRequest.newBuilder(URI.create(baseUrl + page)).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body());
      for (JsonNode item : body.get("values")) {
        if (item.get("type").asText().equals("commit_file")) {
          urls.add(repo + "/src/" + COMMIT + "/" + PathEncoding.path(item.get("path").asText()));
        }
      }
      page = body.hasNonNull("next") ? body.get("next").asText().substring(baseUrl.length())
          : null;
    }
    return urls;
  }

  /** GETs {@code urls} with a plain parallel client: the server's own speed at this latency. */
  Result serverAlone(List<String> urls) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService threads = Executors.newFixedThreadPool(inFlight);
    server.resetCount();
    long started = System.nanoTime();
    try {
      List<Future<Long>> bodies = new ArrayList<>();
      for (String url : urls) {
        bodies.add(threads.submit(() -> (long) client.send(
            HttpRequest.newBuilder(URI.create(baseUrl + url)).build(),
            HttpResponse.BodyHandlers.ofByteArray()).body().length));
      }
      long bytes = 0;
      for (Future<Long> body : bodies) {
        bytes += body.get();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long listings = urls.stream().filter(url -> url.contains("pagelen=")).count();
      return new Result(seconds, server.served(), listings, 0, bytes,
          floor(server.served(), inFlight), 0);
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * layerkit: resolve once, list ({@code depth} levels a listing, small files fetched while the
   * pages come in, up to {@code prefetchBytes}), read every file in parallel.
   */
  Result layerkit(int depth, long prefetchBytes) throws Exception {
    BitbucketSettings settings = BitbucketSettings.of(new BitbucketRepo("acme", "platform"),
            Optional.of(Secret.of("bench-token")), Optional.empty(), "BITBUCKET_TOKEN")
        .withApiUrl(URI.create(baseUrl)).withConcurrency(inFlight).withListingDepth(depth)
        .withPrefetchBytes(prefetchBytes);
    ExecutorService callers = Executors.newFixedThreadPool(inFlight);
    long started = System.nanoTime();
    try (BitbucketSource source = new BitbucketSource(settings)) {
      Revision pinned = source.resolve(Optional.of("main"));
      PackageTree tree = source.list(pinned, PACKAGE);
      long listings = source.estimateRequests(pinned, tree).orElseThrow().listing();
      double listSeconds = (System.nanoTime() - started) / 1e9;
      List<Future<Long>> reads = new ArrayList<>();
      for (TreeEntry entry : tree.entries()) {
        if (!entry.isDirectory()) {
          reads.add(callers.submit(() -> {
            try (InputStream in = source.open(pinned, PACKAGE, entry)) {
              return in.transferTo(OutputStream.nullOutputStream());
            }
          }));
        }
      }
      long bytes = 0;
      for (Future<Long> read : reads) {
        bytes += read.get();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return new Result(seconds, source.requestCount(), listings, reads.size(), bytes,
          floor(source.requestCount(), inFlight), listSeconds);
    } finally {
      callers.shutdownNow();
    }
  }

  /**
   * The original function's walk: list a folder page by page with the API's default page length,
   * recurse into each sub-folder, GET each file and read it whole — one request at a time.
   */
  Result sequential() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String api = baseUrl + "/2.0/repositories/acme/platform/src/" + COMMIT + "/";
    long[] totals = new long[3];
    long started = System.nanoTime();
    walk(client, api, PACKAGE, totals);
    double seconds = (System.nanoTime() - started) / 1e9;
    long requests = totals[0] + totals[1];
    return new Result(seconds, requests, totals[0], (int) totals[1], totals[2],
        floor(requests, 1), 0);
  }

  private static void walk(HttpClient client, String api, String folder, long[] totals)
      throws Exception {
    List<JsonNode> items = new ArrayList<>();
    String url = api + PathEncoding.path(folder) + "/";
    while (url != null) {
      totals[0]++;
      HttpResponse<byte[]> page = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body = BitbucketApiStub.JSON.readTree(page.body());
      body.get("values").forEach(items::add);
      url = body.hasNonNull("next") ? body.get("next").asText() : null;
    }
    items.sort(Comparator.comparing(item -> item.get("path").asText()));
    for (JsonNode item : items) {
      String path = item.get("path").asText();
      if (item.get("type").asText().equals("commit_directory")) {
        walk(client, api, path, totals);
      } else {
        totals[1]++;
        totals[2] += client.send(
            HttpRequest.newBuilder(URI.create(api + PathEncoding.path(path))).build(),
            HttpResponse.BodyHandlers.ofByteArray()).body().length;
      }
    }
  }

  private double floor(long requests, int parallel) {
    return requests * latency / 1000.0 / parallel;
  }

  private static double ratio(long a, long b) {
    return (double) a / b;
  }

  private static Result median(TimedRun run) throws Exception {
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      results.add(run.call());
    }
    results.sort(Comparator.comparingDouble(Result::seconds));
    return results.get(RUNS / 2);
  }

  /** One timed run. */
  @FunctionalInterface
  private interface TimedRun {
    Result call() throws Exception;
  }
}
