package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.layerkit.archive.ArchiveProgress;
import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.LayerArchiver;
import io.layerkit.archive.ReproducibleZipArchiver;
import io.layerkit.source.BitbucketRepo;
import io.layerkit.source.PackageSource;
import io.layerkit.source.Revision;
import io.layerkit.source.Secret;
import io.layerkit.source.local.LocalDirectorySource;
import io.layerkit.tree.PackageTree;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fault soak, run by {@code bench/fault-soak.sh}: the same package fetched through the Bitbucket
 * source many runs in a row from a WireMock server that throttles every 7th request (429,
 * {@code Retry-After: 1}), fails every 11th with a 500 and cuts every 13th body short
 * ({@link PeriodicFaults}). Every run must succeed with default settings and give a zip
 * byte-for-byte the same as the local folder's. Prints one line per run and a summary, with the
 * spread of the waits of a second or more (a throttled request waits at least its Retry-After).
 *
 * <p>Arguments: {@code FOLDER [RUNS]}; exits 1 when any run failed or differed.
 */
public final class FaultSoak {
  static final String COMMIT = "50a4c0ffee50a4c0ffee50a4c0ffee50a4c0ffee";
  static final String PACKAGE = "lambda/layers/soak";

  private FaultSoak() {}

  public static void main(String[] args) throws Exception {
    Path installed = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    String name = installed.getFileName().toString();
    RepoTree tree = RepoTree.copyOf(installed, PACKAGE + "/python/" + name);
    Path work = Files.createTempDirectory("layerkit-fault-soak");
    try {
      Path checkout = work.resolve("checkout");
      tree.writeTo(checkout);
      LayerArchiver archiver = new ReproducibleZipArchiver(
          ArchiveSettings.defaults().withConcurrency(BitbucketSettings.DEFAULT_CONCURRENCY));
      String expected;
      try (PackageSource local = new LocalDirectorySource(checkout)) {
        expected = zip(local, local.resolve(Optional.empty()), archiver, work.resolve("local.zip"));
      }
      System.out.printf(Locale.ROOT, "tree: %s (%s): %d files; local zip sha256 %s%n", name,
          installed, tree.blobs().size(), expected.substring(0, 16));

      PeriodicFaults faults = new PeriodicFaults();
      WireMockServer server = start(tree, faults);
      int failedRuns = 0;
      int differentZips = 0;
      List<Duration> throttledWaits = new ArrayList<>();
      long started = System.nanoTime();
      try {
        for (int run = 1; run <= runs; run++) {
          PeriodicFaults.Counts before = faults.counts();
          WaitLog waits = new WaitLog();
          long runStarted = System.nanoTime();
          String outcome;
          BitbucketSettings settings = BitbucketSettings.of(new BitbucketRepo("acme", "platform"),
                  Optional.of(Secret.of("soak-token")), Optional.empty(), "BITBUCKET_TOKEN")
              .withApiUrl(URI.create(server.baseUrl()));
          try (BitbucketSource source = new BitbucketSource(settings, Clock.systemUTC(), waits)) {
            Revision pinned = source.resolve(Optional.of("main"));
            String sha = zip(source, pinned, archiver, work.resolve("bitbucket.zip"));
            if (sha.equals(expected)) {
              outcome = "same zip";
            } else {
              differentZips++;
              outcome = "DIFFERENT zip " + sha;
            }
          } catch (IOException | RuntimeException e) {
            failedRuns++;
            outcome = "FAILED: " + e.getMessage();
          }
          PeriodicFaults.Counts seen = faults.counts().minus(before);
          throttledWaits.addAll(waits.atLeast(Duration.ofSeconds(1)));
          System.out.printf(Locale.ROOT, "run %2d: %5.1f s, %4d requests (%3d throttled, %3d"
                  + " failed, %3d cut short), %s%n", run, (System.nanoTime() - runStarted) / 1e9,
              seen.answered(), seen.throttled(), seen.failed(), seen.cut(), outcome);
        }
      } finally {
        server.stop();
      }
      PeriodicFaults.Counts total = faults.counts();
      System.out.printf(Locale.ROOT, "%n%d runs in %.0f s: %d failed, %d zips differ from the"
              + " local source's; %d requests answered, %d throttled, %d failed, %d cut short%n",
          runs, (System.nanoTime() - started) / 1e9, failedRuns, differentZips, total.answered(),
          total.throttled(), total.failed(), total.cut());
      if (!throttledWaits.isEmpty()) {
        System.out.printf(Locale.ROOT, "waits of 1 s or more (after Retry-After: 1, or a longer"
                + " backoff): %d, from %.3f s to %.3f s, %d distinct%n", throttledWaits.size(),
            throttledWaits.stream().min(Comparator.naturalOrder()).orElseThrow().toMillis() / 1e3,
            throttledWaits.stream().max(Comparator.naturalOrder()).orElseThrow().toMillis() / 1e3,
            throttledWaits.stream().distinct().count());
      }
      if (failedRuns > 0 || differentZips > 0) {
        System.exit(1);
      }
    } finally {
      deleteTree(work);
    }
  }

  /** Lists the package and archives it as the pipeline would; the zip's SHA-256. */
  static String zip(PackageSource source, Revision revision, LayerArchiver archiver, Path target)
      throws IOException {
    PackageTree tree = source.list(revision, PACKAGE);
    String sha = archiver.archive(tree, entry -> source.open(revision, PACKAGE, entry), target,
        ArchiveProgress.NONE).sha256();
    Files.delete(target);
    return sha;
  }

  private static WireMockServer start(RepoTree tree, PeriodicFaults faults) throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    BitbucketApiStub shapes = new BitbucketApiStub(null, "http://127.0.0.1:" + port, "acme",
        "platform");
    WireMockServer server = new WireMockServer(wireMockConfig().port(port)
        .bindAddress("127.0.0.1").containerThreads(80).disableRequestJournal()
        .extensions(new BitbucketTreeResponder(shapes, tree, "main", COMMIT), faults));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
    return server;
  }

  /** Sleeps as the source asks, and keeps each wait. */
  private static final class WaitLog implements Sleeper {
    private final List<Duration> waits = new ArrayList<>();

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      synchronized (this) {
        waits.add(duration);
      }
      Sleeper.REAL.sleep(duration);
    }

    synchronized List<Duration> atLeast(Duration floor) {
      return waits.stream().filter(wait -> wait.compareTo(floor) >= 0).toList();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
