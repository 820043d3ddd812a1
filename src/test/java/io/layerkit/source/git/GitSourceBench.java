package io.layerkit.source.git;

import io.layerkit.source.PackageTree;
import io.layerkit.source.Revision;
import io.layerkit.source.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The figures behind {@code bench/git-bench.sh}: a generated layer of about 2,000 files in about
 * 150 folders, committed with {@code git}, served over smart HTTP on loopback with a fixed latency
 * per request, and read three ways in the same run:
 * <ol>
 *   <li>baseline: {@code git clone --depth 1} of the same URL, then reading every file of the
 *       package from the checkout, one after the other;</li>
 *   <li>{@link GitSource}: pin + list + read every blob (8 threads, as the archiver reads);</li>
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
        clone[round] = timeClone(url, work.resolve("clone-" + round));

        int before = server.requests().size();
        long start = System.nanoTime();
        String fingerprint;
        try (GitSource source = source(url, tempRoot)) {
          Revision revision = source.resolve(Optional.of("main"));
          readAll(source, revision, source.list(revision, PACKAGE));
          fingerprint = source.fingerprint(revision, PACKAGE).orElseThrow();
          coldRequests = source.requestCount();
        }
        cold[round] = System.nanoTime() - start;
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
      line("git clone --depth 1 + read files (baseline)", baseline, baseline, "-");
      line("GitSource: pin + list + read all blobs", median(cold), baseline,
          coldRequests + " (" + httpCold + " HTTP)");
      line("GitSource: unchanged re-run (tree id only)", median(unchanged), baseline,
          unchangedRequests + " (" + httpUnchanged + " HTTP)");
      System.out.printf(Locale.ROOT, "rounds: %d; times in ms: clone %s, cold %s, unchanged %s%n",
          rounds, millis(clone), millis(cold), millis(unchanged));
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
      readAll(source, revision, source.list(revision, PACKAGE));
    }
  }

  private static long readAll(GitSource source, Revision revision, PackageTree tree)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> reads = new ArrayList<>();
      for (TreeEntry entry : tree.entries()) {
        if (!entry.isDirectory()) {
          reads.add(pool.submit(() -> {
            try (InputStream in = source.open(revision, PACKAGE, entry)) {
              long read = in.transferTo(OutputSink.INSTANCE);
              if (read != entry.size()) {
                throw new IOException(entry.path() + ": " + read + " bytes, listed " + entry.size());
              }
              return read;
            }
          }));
        }
      }
      long total = 0;
      for (Future<Long> read : reads) {
        total += read.get();
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long timeClone(String url, Path target) throws IOException, InterruptedException {
    long start = System.nanoTime();
    ProcessBuilder clone = new ProcessBuilder("git", "clone", "-q", "--depth", "1", url,
        target.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    FixtureRepository.isolate(clone.environment(), target.getParent());
    if (clone.start().waitFor() != 0) {
      throw new IllegalStateException("git clone failed");
    }
    try (Stream<Path> files = Files.walk(target.resolve(PACKAGE))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          in.transferTo(OutputSink.INSTANCE);
        }
      }
    }
    long elapsed = System.nanoTime() - start;
    deleteTree(target);
    return elapsed;
  }

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

  /** Discards what is read, so that only fetching and reading are timed. */
  private static final class OutputSink extends java.io.OutputStream {
    static final OutputSink INSTANCE = new OutputSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
