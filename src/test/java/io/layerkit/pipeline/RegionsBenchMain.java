package io.layerkit.pipeline;

import io.layerkit.app.Components;
import io.layerkit.app.RunRequests;
import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.LayerLimits;
import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import io.layerkit.config.PublishSettings;
import io.layerkit.config.SourceSettings;
import io.layerkit.config.TokenSettings;
import io.layerkit.config.TrustSettings;
import io.layerkit.testing.AwsCallRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * bench/regions-bench.sh's measurement: one package published to one region and to three regions
 * of the same moto_server, first publish and unchanged re-run, alternating for ROUNDS rounds in
 * one warm JVM; prints each round, the medians, their ratios and the AWS requests per region.
 * The server alone is measured first (GET round trips), so its share is known.
 *
 * <p>Arguments: ENDPOINT ROUNDS FILES.
 */
public final class RegionsBenchMain {
  private static final List<String> THREE = List.of("us-east-1", "eu-west-1", "ap-southeast-2");
  private static final List<String> ONE = List.of("us-east-1");
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  private RegionsBenchMain() {}

  /** One measured run: its wall time and its AWS requests per region. */
  private record Measured(double millis, Map<String, Long> requestsPerRegion) {}

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    int rounds = Integer.parseInt(args[1]);
    int files = Integer.parseInt(args[2]);
    Path source = Files.createTempDirectory("regions-bench-");
    writeLayer(source.resolve("requests"), files);

    System.out.printf(Locale.ROOT, "moto_server alone: %.2f ms per round trip (GET /moto-api/)%n",
        serverAlone(endpoint));
    System.out.printf(Locale.ROOT, "layer: %d files; %d rounds, one and three regions alternating%n",
        files, rounds);
    List<Double> oneFirst = new ArrayList<>();
    List<Double> threeFirst = new ArrayList<>();
    List<Double> oneAgain = new ArrayList<>();
    List<Double> threeAgain = new ArrayList<>();
    Map<String, Long> firstRequests = Map.of();
    Map<String, Long> againRequests = Map.of();
    for (int round = 0; round <= rounds; round++) {
      // new content each round: every first publish stores and publishes for real, under a key
      // of a second of its own (a zip's key is its package and the second it was stored)
      Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 5);
      Files.writeString(source.resolve("requests/python/round.py"), "ROUND = " + round + "\n");
      LayerkitConfig oneRegion = config(endpoint, source, ONE);
      LayerkitConfig threeRegions = config(endpoint, source, THREE);
      Measured one = publish(oneRegion);
      Measured oneRerun = publish(oneRegion);
      Measured three = publish(threeRegions);
      Measured threeRerun = publish(threeRegions);
      if (round == 0) {
        continue; // warm-up
      }
      System.out.printf(Locale.ROOT, "round %d: publish 1 region %.0f ms, 3 regions %.0f ms;"
          + " unchanged re-run 1 region %.0f ms, 3 regions %.0f ms%n", round, one.millis(),
          three.millis(), oneRerun.millis(), threeRerun.millis());
      oneFirst.add(one.millis());
      threeFirst.add(three.millis());
      oneAgain.add(oneRerun.millis());
      threeAgain.add(threeRerun.millis());
      firstRequests = three.requestsPerRegion();
      againRequests = threeRerun.requestsPerRegion();
    }
    System.out.printf(Locale.ROOT, "median publish: 1 region %.0f ms, 3 regions %.0f ms, ratio %.2f%n",
        median(oneFirst), median(threeFirst), median(threeFirst) / median(oneFirst));
    System.out.printf(Locale.ROOT, "median unchanged re-run: 1 region %.0f ms, 3 regions %.0f ms,"
        + " ratio %.2f%n", median(oneAgain), median(threeAgain),
        median(threeAgain) / median(oneAgain));
    System.out.println("requests per region, publish: " + firstRequests);
    System.out.println("requests per region, unchanged re-run: " + againRequests);
  }

  private static Measured publish(LayerkitConfig config) throws Exception {
    String name = config.packages().get(0).name();
    try (AwsClients clients = AwsClients.create(config.aws(), CREDENTIALS)) {
      config.aws().regions().forEach(r -> createBucket(clients.inRegion(r), name + "-" + r, r));
      long start = System.nanoTime();
      List<AwsCallRecorder.Call> calls = AwsCallRecorder.during(() -> {
        try (Components components = Components.open(config, Mode.PUBLISH, Map.of(), clients)) {
          Report report = new LayerPipeline(components.parts(), PipelineListener.NONE)
              .run(RunRequests.of(config, Mode.PUBLISH, Pace.UNLIMITED, Builder.commandLine("test")));
          if (!report.ok()) {
            throw new IllegalStateException("the bench run failed: "
                + report.packages().get(0).error());
          }
        }
        return null;
      });
      double millis = (System.nanoTime() - start) / 1e6;
      return new Measured(millis, new TreeMap<>(calls.stream().collect(
          Collectors.groupingBy(AwsCallRecorder.Call::region, Collectors.counting()))));
    }
  }

  /** A bucket per region, created once: later runs find it there. */
  private static void createBucket(AwsClients clients, String bucket, String region) {
    if (clients.s3().listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket))) {
      return;
    }
    clients.s3().createBucket(b -> {
      b.bucket(bucket);
      if (!region.equals("us-east-1")) {
        b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region)));
      }
    });
  }

  private static LayerkitConfig config(String endpoint, Path source, List<String> regions) {
    SourceSettings dir = new SourceSettings("dir:" + source, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), TokenSettings.defaults());
    PublishSettings publish = new PublishSettings(true, List.of("210987654321"), false,
        List.of("python3.12"), List.of("arm64"), Optional.empty());
    // its own package (layer, buckets, parameters) per region count: nothing is shared
    String name = regions.size() == 1 ? "bench-one" : "bench-three";
    return new LayerkitConfig(dir, "s3://" + name + "-{region}/layers/", "ssm:/bench",
        List.of(PackageSpec.ofPath("requests").withName(name)), publish,
        new AwsSettings(regions, Optional.empty(), Optional.of(endpoint), Optional.empty()),
        ArchiveSettings.defaults(), LayerLimits.lambdaDefaults(), source.resolve("out"), false,
        TrustSettings.defaults());
  }

  private static double serverAlone(String endpoint) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest head = HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/")).GET().build();
    for (int i = 0; i < 20; i++) {
      http.send(head, HttpResponse.BodyHandlers.discarding());
    }
    int n = 200;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      http.send(head, HttpResponse.BodyHandlers.discarding());
    }
    return (System.nanoTime() - start) / 1e6 / n;
  }

  /** Python modules with some repetition in them, as real ones have. */
  private static void writeLayer(Path root, int files) throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < files; i++) {
      Path file = root.resolve("python/pkg" + (i % 20) + "/module" + i + ".py");
      Files.createDirectories(file.getParent());
      StringBuilder code = new StringBuilder();
      for (int line = 0; line < 40 + random.nextInt(80); line++) {
        code.append("def f").append(line).append("(x):\n    return x * ")
            .append(random.nextInt(1000)).append('\n');
      }
      Files.writeString(file, code);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }
}
