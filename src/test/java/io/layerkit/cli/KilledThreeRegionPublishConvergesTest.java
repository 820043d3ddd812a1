package io.layerkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.registry.Release;
import io.layerkit.registry.ssm.SsmReleaseRegistry;
import io.layerkit.testing.MotoServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code layerkit publish} in its own JVM, to three regions of one moto_server, killed with
 * SIGKILL (no shutdown hook, no finally) once it has logged a given step; then published again.
 * Wherever it died, the second run converges: one layer version per region, every object in
 * every bucket named by that region's release, every release naming an object that exists, and
 * one key in every region.
 */
class KilledThreeRegionPublishConvergesTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-2");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private AwsClients home;

  @BeforeEach
  void setUp() throws Exception {
    home = AwsClients.create(new AwsSettings(REGIONS, Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty()), MOTO.credentials());
    for (String region : REGIONS) {
      home.inRegion(region).s3().createBucket(b -> {
        b.bucket(bucket(region));
        if (!region.equals("us-east-1")) {
          b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region)));
        }
      });
    }
    Path module = Files.createDirectories(dir.resolve("src/requests/python/requests"));
    Files.writeString(module.resolve("api.py"), "def get(url):\n    return url\n");
    Files.createDirectories(dir.resolve("tmp"));
  }

  @AfterEach
  void tearDown() {
    home.close();
  }

  @ParameterizedTest(name = "killed after \"{0}\"")
  @ValueSource(strings = {"us-east-1: publishing", "eu-west-1: storing",
      "ap-southeast-2: publishing"})
  void aPublishKilledMidwayIsFinishedByTheNextRunWithNothingOrphaned(String killAfter)
      throws Exception {
    Process first = publish();
    boolean killed = killAfterLine(first, killAfter);
    assertThat(killed).as("the run reached '" + killAfter + "' before it ended").isTrue();

    Process second = publish();
    // both streams at once, so neither can fill its pipe and stall the run
    CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(second.getErrorStream()));
    String stdout = read(second.getInputStream());
    String stderr = errors.get();
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).as(stderr).isZero();

    JsonNode result = JSON.readTree(stdout).path("packages").get(0);
    assertThat(result.path("status").asText()).isIn("created", "unchanged");
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < REGIONS.size(); i++) {
      String region = REGIONS.get(i);
      JsonNode reported = result.path("regions").get(i);
      assertThat(reported.path("region").asText()).isEqualTo(region);
      assertThat(reported.path("error").isNull()).as(reported.toString()).isTrue();

      AwsClients clients = home.inRegion(region);
      Release release = SsmReleaseRegistry.forUri(clients.ssm(), "ssm:/platform/layers")
          .current("requests").orElseThrow();
      List<Long> versions = clients.lambda().listLayerVersions(b -> b.layerName("requests"))
          .layerVersions().stream().map(LayerVersionsListItem::version).toList();
      List<String> objects = clients.s3().listObjectsV2(b -> b.bucket(bucket(region)))
          .contents().stream().map(S3Object::key).toList();

      assertThat(versions).as(region + ": one layer version").hasSize(1);
      assertThat(release.layerVersionArn()).endsWith(":layer:requests:" + versions.get(0));
      String stem = release.key().substring(0, release.key().length() - ".zip".length());
      assertThat(objects).as(region + ": every object is the release's zip, SBOM or provenance")
          .containsExactlyInAnyOrder(release.key(), stem + ".cdx.json", stem + ".intoto.jsonl");
      assertThat(clients.ssm().getParameter(b -> b.name("/platform/layers/requests")).parameter()
          .value() + ".zip").isEqualTo(release.key().substring(release.key().lastIndexOf('/') + 1));
      assertThat(reported.path("key").asText()).isEqualTo(release.key());
      assertThat(reported.path("layerVersionArn").asText()).isEqualTo(release.layerVersionArn());
      keys.add(release.key());
    }
    assertThat(keys).as("one key in every region").hasSize(1);
  }

  private Process publish() throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + dir.resolve("tmp"), "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "publish", "--json", "--verbose", "--source", dir.resolve("src").toString(),
        "--store", "s3://acme-layers-{region}/layers/", "--registry", "ssm:/platform/layers",
        "--endpoint-url", MOTO.endpoint().toString(), "--publish-layer",
        "--share", "210987654321", "--runtime", "python3.12"));
    REGIONS.forEach(r -> command.addAll(List.of("--region", r)));
    command.add("requests");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(Map.of("LANG", "C.UTF-8", "PATH", "/usr/bin:/bin",
        "AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY,
        "AWS_CONFIG_FILE", dir.resolve("no-config").toString(),
        "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString()));
    return builder.start();
  }

  /** Reads the run's log until {@code line} appears, then kills it with SIGKILL. */
  private static boolean killAfterLine(Process process, String line) throws Exception {
    process.getOutputStream().close();
    try (BufferedReader log = new BufferedReader(
        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String next = log.readLine(); next != null; next = log.readLine()) {
        if (next.contains(line)) {
          new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor();
          process.waitFor(30, TimeUnit.SECONDS);
          return process.exitValue() == 137;
        }
      }
    }
    process.waitFor(30, TimeUnit.SECONDS);
    return false;
  }

  private static String read(InputStream stream) {
    try {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String bucket(String region) {
    return "acme-layers-" + region;
  }
}
