package io.layerkit.lambda;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.layerkit.source.bitbucket.BitbucketApiStub;
import io.layerkit.source.bitbucket.RepoTree;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * {@code bench/fanout-bench.sh}: the fan-out state machine's definition run through the handler
 * ({@link StateMachineRun}) for PACKAGES packages in three regions, against moto_server and a
 * WireMock Bitbucket answering every request after LATENCY ms, with the Map's MaxConcurrency 1
 * and 8 in the same run. First the Bitbucket stand-in alone, so that it is known not to be the
 * bottleneck; then the two routes for a package's other regions: each item building again (what
 * the fan-out does) against one S3 CopyObject of the home region's zip.
 *
 * <pre>java -cp ... io.layerkit.lambda.FanOutBench MOTO_URL [PACKAGES=20] [FILES=20] [LATENCY_MS=30]</pre>
 */
public final class FanOutBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMIT = "9f2c4e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
  private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "eu-central-1");
  private static final String BUCKET = "acme-layers-{region}";
  private static final String TOKEN_PARAMETER = "/layerkit/bitbucket-token";
  private static final String PREFIX = "layers/";

  private FanOutBench() {}

  /** One run's figures: wall time, Bitbucket requests, and each item's time. */
  private record Run(long millis, long requests, boolean ok, Map<String, Long> itemMillis,
      Map<String, JsonNode> itemAnswers) {}

  public static void main(String[] args) throws Exception {
    String moto = args[0];
    int packages = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int files = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int latency = args.length > 3 ? Integer.parseInt(args[3]) : 30;

    AtomicLong served = new AtomicLong();
    WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort()
        .bindAddress("127.0.0.1").containerThreads(300).disableRequestJournal());
    server.addMockServiceRequestListener((request, response) -> served.incrementAndGet());
    server.start();
    BitbucketApiStub api = new BitbucketApiStub(new WireMock("127.0.0.1", server.port()),
        server.baseUrl(), "acme", "cfct-config").withFixedDelay(latency);
    RepoTree tree = new RepoTree();
    List<String> paths = new ArrayList<>();
    for (int p = 0; p < packages; p++) {
      String folder = String.format("lambda/layers/layer-%02d", p);
      paths.add(folder);
      for (int f = 0; f < files; f++) {
        tree.file(folder + "/python/layer_" + p + "/module_" + f + ".py",
            ("def f" + f + "(x):\n    return x * " + (p * 100 + f) + "\n\n").repeat(30));
      }
    }
    api.repository("main");
    api.branch("main", COMMIT);
    api.commit(COMMIT, COMMIT);
    api.tree(COMMIT, tree, 100);

    System.out.printf("fan-out bench: %d packages x %d files x %d regions = %d items, Bitbucket"
        + " latency %d ms, %d CPUs%n", packages, files, REGIONS.size(), packages * REGIONS.size(),
        latency, Runtime.getRuntime().availableProcessors());

    try (SdkSystemProperties sdk = SdkSystemProperties.pointAt(moto, moto)) {
      String file = server.baseUrl() + "/2.0/repositories/acme/cfct-config/src/" + COMMIT + "/"
          + paths.get(0) + "/python/layer_0/module_0.py";
      double alone = serverAlone(file, 2_000, 128, latency);

      Map<String, String> variables = variables(server.baseUrl(), paths);
      run(moto, variables, 8, served); // warm-up: class loading and JIT, not reported
      Run one = run(moto, variables, 1, served);
      Run eight = run(moto, variables, 8, served);
      System.out.printf("MaxConcurrency 1: %6d ms, %5d Bitbucket requests, ok=%s%n",
          one.millis(), one.requests(), one.ok());
      System.out.printf("MaxConcurrency 8: %6d ms, %5d Bitbucket requests, ok=%s%n",
          eight.millis(), eight.requests(), eight.ok());
      System.out.printf("ratio: concurrency 8 takes %.2f x the time of concurrency 1 (%.1f x as"
              + " fast), with %.2f x the requests%n",
          (double) eight.millis() / one.millis(), (double) one.millis() / eight.millis(),
          (double) eight.requests() / one.requests());
      double sent = eight.requests() * 1000.0 / eight.millis();
      System.out.printf("stand-in headroom: it served %.0f requests/s alone, the run at"
          + " concurrency 8 sent %.0f/s (%.1f x less)%n", alone, sent, alone / sent);
      copyOrRebuild(moto, one, eight);
    } finally {
      server.stop();
    }
    System.exit(0); // the SDK's and the JDK HTTP client's idle threads would keep the JVM
  }

  /**
   * The stand-in alone: {@code count} file downloads, {@code inFlight} at a time, sent
   * asynchronously so that the client spends little of the CPUs the server needs.
   *
   * @return requests per second
   */
  private static double serverAlone(String url, int count, int inFlight, int latency)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer bench-token").build();
    for (int i = 0; i < inFlight; i++) { // connections opened and classes loaded first
      client.send(request, HttpResponse.BodyHandlers.discarding());
    }
    Semaphore slots = new Semaphore(inFlight);
    List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      slots.acquire();
      answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete((answer, failure) -> slots.release()));
    }
    for (CompletableFuture<HttpResponse<Void>> answer : answers) {
      if (answer.get().statusCode() != 200) {
        throw new IllegalStateException("the stand-in answered " + answer.get().statusCode());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("Bitbucket stand-in alone: %d downloads, %d in flight, in %.2f s = %.0f"
            + " requests/s (its latency alone would allow %.0f/s)%n", count, inFlight, seconds,
        count / seconds, inFlight * 1000.0 / latency);
    return count / seconds;
  }

  private static Run run(String moto, Map<String, String> variables, int maxConcurrency,
      AtomicLong served) throws Exception {
    resetAws(moto);
    Map<String, Long> itemMillis = Collections.synchronizedMap(new HashMap<>());
    Map<String, JsonNode> itemAnswers = Collections.synchronizedMap(new HashMap<>());
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    try (FunctionRuntime runtime = FunctionRuntime.forProcess(variables, JSON)) {
      LayerkitHandler handler = new LayerkitHandler(runtime, quiet);
      FunctionContainers containers = new FunctionContainers();
      StateMachineRun machine = new StateMachineRun((name, payload) -> {
        long start = System.nanoTime();
        JsonNode answer = containers.invoke(handler, JSON.writeValueAsBytes(payload),
            InvocationContext.plenty(UUID.randomUUID().toString()));
        if (!payload.has("fanOut")) {
          String item = payload.path("package").asText() + "@" + payload.path("region").asText();
          itemMillis.put(item, (System.nanoTime() - start) / 1_000_000);
          itemAnswers.put(item, answer);
        }
        return answer;
      });
      JsonNode definition = StateMachineDefinition.definition(Map.of(
          "FunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:layerkit",
          "MaxConcurrency", String.valueOf(maxConcurrency)));
      long before = served.get();
      long start = System.nanoTime();
      StateMachineRun.Outcome outcome = machine.execute(definition, JSON.readTree("{}"));
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (!outcome.status().equals("SUCCEEDED")) {
        // a failed run's figures mean nothing: say why and stop
        System.err.println("fan-out bench: the run at MaxConcurrency " + maxConcurrency
            + " ended " + outcome.status() + ": " + outcome.output());
        System.exit(1);
      }
      return new Run(millis, served.get() - before, true, Map.copyOf(itemMillis),
          Map.copyOf(itemAnswers));
    }
  }

  /**
   * A package's items in its other regions build again; the other route would copy the home
   * region's zip there. Both measured: the rebuilds' times and requests from the run at
   * concurrency 1 (items one at a time), and one CopyObject per rebuilt item of the objects the
   * last run stored (moto is reset before each run).
   */
  private static void copyOrRebuild(String moto, Run run, Run last) {
    List<Long> rebuild = new ArrayList<>();
    long rebuildRequests = 0;
    Set<String> unequal = new TreeSet<>();
    Map<String, String> homeDigest = new HashMap<>();
    Map<String, String> homeKey = new HashMap<>();
    run.itemAnswers().forEach((item, answer) -> {
      if (item.endsWith("@" + REGIONS.get(0))) {
        homeDigest.put(item.substring(0, item.indexOf('@')), answer.path("contentDigest").asText());
      }
    });
    last.itemAnswers().forEach((item, answer) -> {
      if (item.endsWith("@" + REGIONS.get(0))) {
        String name = item.substring(0, item.indexOf('@'));
        homeKey.put(name, answer.path("key").asText());
      }
    });
    for (Map.Entry<String, JsonNode> entry : run.itemAnswers().entrySet()) {
      String item = entry.getKey();
      if (item.endsWith("@" + REGIONS.get(0))) {
        continue;
      }
      String name = item.substring(0, item.indexOf('@'));
      rebuild.add(run.itemMillis().get(item));
      rebuildRequests += entry.getValue().path("requests").asLong();
      if (!entry.getValue().path("contentDigest").asText().equals(homeDigest.get(name))) {
        unequal.add(name);
      }
    }
    List<Long> copy = new ArrayList<>();
    int checksumsKept = 0;
    String homeBucket = bucket(REGIONS.get(0));
    for (String region : REGIONS.subList(1, REGIONS.size())) {
      // the copy lands in that region's own bucket, as PublishLayerVersion there needs
      try (S3Client s3 = s3(moto, Region.of(region))) {
        for (Map.Entry<String, String> home : homeKey.entrySet()) {
          String target = "copies/" + home.getValue();
          long start = System.nanoTime();
          s3.copyObject(b -> b.sourceBucket(homeBucket).sourceKey(home.getValue())
              .destinationBucket(bucket(region)).destinationKey(target)
              .checksumAlgorithm(ChecksumAlgorithm.SHA256));
          copy.add((System.nanoTime() - start) / 1_000_000);
          String source = s3.headObject(b -> b.bucket(homeBucket).key(home.getValue())
              .checksumMode(ChecksumMode.ENABLED)).checksumSHA256();
          String copied = s3.headObject(b -> b.bucket(bucket(region)).key(target)
              .checksumMode(ChecksumMode.ENABLED)).checksumSHA256();
          if (source != null && source.equals(copied)) {
            checksumsKept++;
          }
        }
      }
    }
    double rebuildMedian = median(rebuild);
    double copyMedian = median(copy);
    System.out.printf("other regions, rebuild: %d items, median %.0f ms and %.1f Bitbucket"
            + " requests each; content digests equal to the home region's: %d of %d packages%n",
        rebuild.size(), rebuildMedian, (double) rebuildRequests / rebuild.size(),
        homeDigest.size() - unequal.size(), homeDigest.size());
    System.out.printf("other regions, CopyObject of the home zip: %d copies, median %.0f ms and 0"
            + " Bitbucket requests each; SHA-256 checksum kept: %d of %d%n", copy.size(),
        copyMedian, checksumsKept, copy.size());
    System.out.printf("ratio: a rebuild takes %.1f x a copy's time%n",
        rebuildMedian / Math.max(1, copyMedian));
  }

  private static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  private static Map<String, String> variables(String bitbucket, List<String> paths) {
    Map<String, String> variables = new HashMap<>();
    variables.put("BITBUCKET_WORKSPACE", "acme");
    variables.put("BITBUCKET_REPOSITORY", "cfct-config");
    variables.put("BITBUCKET_BRANCH", "main");
    variables.put("BITBUCKET_TOKEN_PARAMETER", TOKEN_PARAMETER);
    variables.put("BITBUCKET_API_URL", bitbucket);
    variables.put("PACKAGE_PATHS", String.join(",", paths));
    variables.put("BUCKET_NAME", BUCKET);
    variables.put("BUCKET_PREFIX", PREFIX);
    variables.put("REGIONS", String.join(",", REGIONS));
    return variables;
  }

  /** A clean moto: a bucket per region, and the token (read in the function's own region). */
  private static void resetAws(String moto) throws Exception {
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(moto + "/moto-api/reset"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    for (String region : REGIONS) {
      try (S3Client s3 = s3(moto, Region.of(region))) {
        s3.createBucket(b -> {
          b.bucket(bucket(region));
          if (!region.equals("us-east-1")) {
            b.createBucketConfiguration(c -> c.locationConstraint(
                BucketLocationConstraint.fromValue(region)));
          }
        });
      }
    }
    for (String region : REGIONS) {
      try (SsmClient ssm = SsmClient.builder().endpointOverride(URI.create(moto))
          .region(Region.of(region)).credentialsProvider(credentials())
          .httpClient(UrlConnectionHttpClient.create()).build()) {
        ssm.putParameter(b -> b.name(TOKEN_PARAMETER).type(ParameterType.SECURE_STRING)
            .value("bench-token"));
      }
    }
  }

  private static String bucket(String region) {
    return BUCKET.replace("{region}", region);
  }

  private static S3Client s3(String moto, Region region) {
    return S3Client.builder().endpointOverride(URI.create(moto)).region(region)
        .credentialsProvider(credentials()).forcePathStyle(true)
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  }
}
