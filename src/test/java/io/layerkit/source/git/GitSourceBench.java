package io.layerkit.source.git;

import io.layerkit.archive.ArchiveProgress;
import io.layerkit.archive.ArchiveResult;
import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.ReproducibleZipArchiver;
import io.layerkit.source.PackageSource;
import io.layerkit.source.Revision;
import io.layerkit.source.local.LocalDirectorySource;
import io.layerkit.tree.PackageTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The figures behind {@code bench/git-bench.sh}: a generated layer of about 2,000 files in about
 * 150 folders, committed with {@code git}, served over smart HTTP on loopback with a fixed latency
 * per request, and turned into the layer zip three ways in the same run:
 * <ol>
 *   <li>baseline: {@code git clone --depth 1} of the same URL, then the checkout's package folder
 *       through the local folder source and the archiver;</li>
 *   <li>{@link GitSource}: pin + list + every blob streamed through the archiver;</li>
 *   <li>{@link GitSource} unchanged re-run: after a commit that changed another folder only,
 *       pin + fingerprint, compared with the previous fingerprint.</li>
 * </ol>
 * Each is run {@code rounds} times; the median is printed. Not a test: a program run by the script.
 */
public final class GitSourceBench {
  private static final String PACKAGE = "layers/big";
  private static final int FILES = 2_000;
  private static final int FOLDERS = 150;

  private GitSourceBench() {}

  public static void main(String[] args) throws Exception {
    int latencyMs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path work = Files.createTempDirectory("layerkit-git-bench-");
    try {
      run(work, latencyMs, rounds);
    } finally {
      deleteTree(work);
    }
  }

  private static void run(Path work, int latencyMs, int rounds) throws Exception {
    FixtureRepository repo = FixtureRepository.init(work.resolve("remotes/layers"));
    long bytes = generate(repo, new Random(2026));
    repo.write("layers/small/other.txt", "0\n").commit("layer tree");
    repo.config("uploadpack.allowFilter", "true");
    // Packed with a bitmap, as a hosting server keeps its repositories: serving then reuses the
    // packed objects instead of compressing and delta-searching 2,000 loose ones per request.
    repo.git("repack", "-a", "-d", "-q", "--write-bitmap-index");
    Path tempRoot = work.resolve("tmp");

    try (GitHttpBackendServer server = GitHttpBackendServer.withLatency(
        work.resolve("remotes"), Duration.ofMillis(latencyMs))) {
      String url = server.url("layers");
      System.out.printf(Locale.ROOT, "tree: %d files in %d folders, %.1f MiB, served over smart"
          + " HTTP on loopback with %d ms per request%n", FILES, FOLDERS, bytes / 1048576.0, latencyMs);

      warmUp(url, tempRoot);
      long[] clone = new long[rounds];
      long[] cold = new long[rounds];
      long[] unchanged = new long[rounds];
      long coldRequests = 0;
      long unchangedRequests = 0;
      int httpCold = 0;
      int httpUnchanged = 0;
      for (int round = 0; round < rounds; round++) {
        Timed cloned = timeClone(url, work.resolve("clone-" + round));
        clone[round] = cloned.nanos();

        int before = server.requests().size();
        long start = System.nanoTime();
        String fingerprint;
        ArchiveResult zipped;
        try (GitSource source = source(url, tempRoot)) {
          Revision revision = source.resolve(Optional.of("main"));
          zipped = zip(source, revision, work.resolve("git-" + round + ".zip"));
          fingerprint = source.fingerprint(revision, PACKAGE).orElseThrow();
          coldRequests = source.requestCount();
        }
        cold[round] = System.nanoTime() - start;
        Files.delete(zipped.file());
        if (!zipped.sha256().equals(cloned.sha256())) {
          throw new IllegalStateException("the Git source's zip differs from the checkout's");
        }
        httpCold = server.requests().size() - before;

        repo.write("layers/small/other.txt", round + 1 + "\n").commit("other folder " + round);
        before = server.requests().size();
        start = System.nanoTime();
        try (GitSource source = source(url, tempRoot)) {
          Revision revision = source.resolve(Optional.of("main"));
          if (!source.fingerprint(revision, PACKAGE).orElseThrow().equals(fingerprint)) {
            throw new IllegalStateException("the package's tree id changed");
          }
          unchangedRequests = source.requestCount();
        }
        unchanged[round] = System.nanoTime() - start;
        httpUnchanged = server.requests().size() - before;
      }

      long baseline = median(clone);
      System.out.printf(Locale.ROOT, "%-52s %9s %9s %10s%n", "", "median", "vs clone", "requests");
      line("git clone --depth 1 + zip the checkout (baseline)", baseline, baseline, "-");
      line("GitSource: pin + list + zip from the blobs", median(cold), baseline,
          coldRequests + " (" + httpCold + " HTTP)");
      line("GitSource: unchanged re-run (tree id only)", median(unchanged), baseline,
          unchangedRequests + " (" + httpUnchanged + " HTTP)");
      System.out.printf(Locale.ROOT, "rounds: %d; times in ms: clone %s, cold %s, unchanged %s;"
          + " both zips identical (sha256)%n", rounds, millis(clone), millis(cold), millis(unchanged));
    }
  }

  private static void line(String what, long nanos, long baseline, String requests) {
    System.out.printf(Locale.ROOT, "%-52s %7.0f ms %8.2fx %10s%n", what, nanos / 1e6,
        (double) baseline / nanos, requests);
  }

  private static GitSource source(String url, Path tempRoot) {
    return new GitSource(GitSourceSettings
        .forSourceUri("git+" + url, Optional.empty(), Optional.empty())
        .withTempRoot(tempRoot));
  }

  private static void warmUp(String url, Path tempRoot) throws Exception {
    try (GitSource source = source(url, tempRoot)) {
      Revision revision = source.resolve(Optional.empty());
      Files.delete(zip(source, revision, tempRoot.resolveSibling("warm-up.zip")).file());
    }
  }

  private static final ReproducibleZipArchiver ARCHIVER =
      new ReproducibleZipArchiver(ArchiveSettings.defaults().withConcurrency(8));

  /** Lists the package and writes its zip, reading every entry through the source. */
  private static ArchiveResult zip(PackageSource source, Revision revision, Path target)
      throws IOException {
    PackageTree tree = source.list(revision, PACKAGE);
    ArchiveResult result = ARCHIVER.archive(tree,
        entry -> source.open(revision, PACKAGE, entry), target, ArchiveProgress.NONE);
    if (result.files() != FILES) {
      throw new IllegalStateException("zipped " + result.files() + " files, expected " + FILES);
    }
    return result;
  }

  /** {@code git clone --depth 1}, then the package folder of the checkout into a zip. */
  private static Timed timeClone(String url, Path target) throws IOException, InterruptedException {
    long start = System.nanoTime();
    ProcessBuilder clone = new ProcessBuilder("git", "clone", "-q", "--depth", "1", url,
        target.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    FixtureRepository.isolate(clone.environment(), target.getParent());
    if (clone.start().waitFor() != 0) {
      throw new IllegalStateException("git clone failed");
    }
    LocalDirectorySource local = new LocalDirectorySource(target);
    ArchiveResult zip = zip(local, local.resolve(Optional.empty()), target.resolveSibling(
        target.getFileName() + ".zip"));
    long elapsed = System.nanoTime() - start;
    Files.delete(zip.file());
    deleteTree(target);
    return new Timed(elapsed, zip.sha256());
  }

  private record Timed(long nanos, String sha256) {}

  /**
   * Writes the package with the same shape as the Bitbucket API bench's tree: 2,000 files of 200 B
   * to 16 KB of random bytes in 150 folders, a few of them executables.
   */
  private static long generate(FixtureRepository repo, Random random) {
    List<String> folders = new ArrayList<>();
    for (int top = 0; top < 30; top++) {
      for (int sub = 0; sub < 5; sub++) {
        folders.add(PACKAGE + "/python/pkg" + top + "/mod" + sub);
      }
    }
    long total = 0;
    for (int i = 0; i < FILES; i++) {
      String folder = folders.get(i % FOLDERS);
      byte[] content = new byte[200 + random.nextInt(16_000)];
      random.nextBytes(content);
      if (i % 50 == 3) {
        repo.executable(folder + "/tool" + i, content);
      } else {
        repo.write(folder + "/file" + i + ".py", content);
      }
      total += content.length;
    }
    return total;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String millis(long[] values) {
    return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v / 1e6))
        .toList().toString();
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
