package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.layerkit.source.BitbucketRepo;
import io.layerkit.source.Revision;
import io.layerkit.source.Secret;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Fetch benchmark, run by {@code bench/fetch-bench.sh}: a WireMock server answering like
 * Bitbucket Cloud with a fixed latency per request serves a generated package of about 2,000 files
 * in about 150 folders; the same fetch is timed done sequentially the way the original function
 * did it (default page length, recursion, one GET per file written to a temporary folder) and done
 * by {@link BitbucketSource} (pinned commit, pagelen=100, parallel listing and downloads).
 *
 * <p>Arguments: {@code [files] [folders] [latencyMillis] [concurrency...]}.
 */
public final class FetchBench {
  static final String FOLDER = "lambda/layers/big";
  static final String COMMIT = "5be0c0ffee5be0c0ffee5be0c0ffee5be0c0ffee";

  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int folders = args.length > 1 ? Integer.parseInt(args[1]) : 150;
    int latency = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    List<Integer> concurrencies = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      concurrencies.add(Integer.parseInt(args[i]));
    }
    if (concurrencies.isEmpty()) {
      concurrencies.add(BitbucketSettings.DEFAULT_CONCURRENCY);
    }

    RepoTree tree = generate(files, folders);
    long bytes = tree.blobs().values().stream().mapToLong(RepoTree.Blob::size).sum();
    // No request journal (it grows with every request); a listener counts what the server saw.
    WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort()
        .containerThreads(80).asynchronousResponseEnabled(true).asynchronousResponseThreads(40)
        .disableRequestJournal());
    AtomicLong seen = new AtomicLong();
    server.addMockServiceRequestListener((request, response) -> seen.incrementAndGet());
    server.start();
    try {
      BitbucketApiStub stub = new BitbucketApiStub(
          new com.github.tomakehurst.wiremock.client.WireMock(server.port()), server.baseUrl(),
          "acme", "platform");
      stub.branch("main", COMMIT);
      stub.tree(COMMIT, tree, 100);
      server.setGlobalFixedDelay(latency);
      System.out.printf(Locale.ROOT,
          "tree: %d files, %d folders, %.1f MB; server latency %d ms per request%n",
          tree.blobs().size(), tree.directories().size() - 3, bytes / 1e6, latency);

      // warm both paths up (class loading, JIT, connections) on one small folder
      sequential(server.baseUrl(), FOLDER + "/pkg00/sub00");
      layerkit(server.baseUrl(), FOLDER + "/pkg00/sub00", concurrencies.get(0));

      seen.set(0);
      Result baseline = sequential(server.baseUrl(), FOLDER);
      long served = seen.get();
      System.out.printf(Locale.ROOT,
          "sequential walk (pagelen 10, one request at a time): %6.2f s  %5d requests (server saw %d)  %d files%n",
          baseline.seconds(), baseline.requests(), served, baseline.files());
      for (int concurrency : concurrencies) {
        seen.set(0);
        Result fast = layerkit(server.baseUrl(), FOLDER, concurrency);
        served = seen.get();
        System.out.printf(Locale.ROOT,
            "layerkit BitbucketSource (concurrency %2d):           %6.2f s  %5d requests (server saw %d)  %d files%n",
            concurrency, fast.seconds(), fast.requests(), served, fast.files());
        System.out.printf(Locale.ROOT,
            "  speed-up %.1fx (latency-bound ceiling: %d in flight x %d/%d requests = %.1fx),"
                + " requests %d vs %d (%s)%n",
            baseline.seconds() / fast.seconds(), concurrency, baseline.requests(),
            fast.requests(), concurrency * (double) baseline.requests() / fast.requests(),
            fast.requests(), baseline.requests(),
            fast.requests() <= baseline.requests() ? "no more than the sequential walk" : "MORE");
        if (fast.bytes() != baseline.bytes() || fast.files() != baseline.files()) {
          throw new IllegalStateException("the two fetches disagree: " + fast + " vs " + baseline);
        }
      }
    } finally {
      server.stop();
    }
  }

  record Result(double seconds, long requests, int files, long bytes) {}

  /**
   * The original function's walk: list a folder page by page with the API's default page length,
   * recreate each sub-folder and recurse into it, GET each file and write it under a temporary
   * folder — one request at a time.
   */
  static Result sequential(String baseUrl, String folder) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String api = baseUrl + "/2.0/repositories/acme/platform/src/" + COMMIT + "/";
    Path target = Files.createTempDirectory("fetch-bench-sequential");
    AtomicLong requests = new AtomicLong();
    long[] totals = new long[2];
    long started = System.nanoTime();
    try {
      walk(client, api, folder, target, requests, totals);
      return new Result((System.nanoTime() - started) / 1e9, requests.get(), (int) totals[0],
          totals[1]);
    } finally {
      deleteTree(target);
    }
  }

  private static void walk(HttpClient client, String api, String folder, Path target,
      AtomicLong requests, long[] totals) throws Exception {
    Files.createDirectories(target.resolve(folder));
    List<JsonNode> items = new ArrayList<>();
    String url = api + PathEncoding.path(folder) + "/";
    while (url != null) {
      requests.incrementAndGet();
      HttpResponse<byte[]> page = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body = BitbucketApiStub.JSON.readTree(page.body());
      body.get("values").forEach(items::add);
      url = body.hasNonNull("next") ? body.get("next").asText() : null;
    }
    for (JsonNode item : items) {
      String path = item.get("path").asText();
      if (item.get("type").asText().equals("commit_directory")) {
        walk(client, api, path, target, requests, totals);
      } else {
        requests.incrementAndGet();
        HttpResponse<Path> file = client.send(
            HttpRequest.newBuilder(URI.create(api + PathEncoding.path(path))).build(),
            HttpResponse.BodyHandlers.ofFile(target.resolve(path)));
        totals[0]++;
        totals[1] += Files.size(file.body());
      }
    }
  }

  /** layerkit: resolve once, list in parallel, fetch every entry in parallel, read it whole. */
  static Result layerkit(String baseUrl, String folder, int concurrency) throws Exception {
    BitbucketSettings settings = BitbucketSettings.of(new BitbucketRepo("acme", "platform"),
            Optional.of(Secret.of("bench-token")), Optional.empty(), "BITBUCKET_TOKEN")
        .withApiUrl(URI.create(baseUrl)).withConcurrency(concurrency);
    ExecutorService callers = Executors.newFixedThreadPool(concurrency);
    long started = System.nanoTime();
    try (BitbucketSource source = new BitbucketSource(settings)) {
      Revision pinned = source.resolve(Optional.of("main"));
      PackageTree tree = source.list(pinned, folder);
      List<Future<Long>> reads = new ArrayList<>();
      for (TreeEntry entry : tree.entries()) {
        if (!entry.isDirectory()) {
          reads.add(callers.submit(() -> {
            try (InputStream in = source.open(pinned, folder, entry)) {
              return in.transferTo(java.io.OutputStream.nullOutputStream());
            }
          }));
        }
      }
      long bytes = 0;
      for (Future<Long> read : reads) {
        bytes += read.get();
      }
      return new Result((System.nanoTime() - started) / 1e9, source.requestCount(), reads.size(),
          bytes);
    } finally {
      callers.shutdownNow();
    }
  }

  /**
   * About {@code files} files spread over about {@code folders} folders: ten packages, each with
   * sub-folders two levels deep, Python-sized files (200 B to 16 KB), a few executables and links.
   */
  static RepoTree generate(int files, int folders) {
    Random random = new Random(7);
    List<String> dirs = new ArrayList<>();
    int packages = 10;
    int perPackage = Math.max(1, folders / packages - 1);
    for (int p = 0; p < packages; p++) {
      String pkg = String.format(Locale.ROOT, "%s/pkg%02d", FOLDER, p);
      dirs.add(pkg);
      for (int s = 0; s < perPackage; s++) {
        dirs.add(String.format(Locale.ROOT, "%s/sub%02d", s < perPackage / 2 ? pkg
            : pkg + "/sub" + String.format(Locale.ROOT, "%02d", s % Math.max(1, perPackage / 2)), s));
      }
    }
    RepoTree tree = new RepoTree();
    for (int i = 0; i < files; i++) {
      String dir = dirs.get(i % dirs.size());
      byte[] content = new byte[200 + random.nextInt(16_000)];
      random.nextBytes(content);
      String name = String.format(Locale.ROOT, "%s/module_%04d.py", dir, i);
      if (i % 97 == 0) {
        tree.withAttributes(name.replace(".py", ""), content, "executable");
      } else if (i % 211 == 0) {
        tree.symlink(name, "module_0000.py");
      } else {
        tree.file(name, content);
      }
    }
    return tree;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
