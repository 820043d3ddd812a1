package io.layerkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Retention across regions as a platform engineer runs it: three publishes of changed content to
 * two regions with a bucket per region, then {@code prune} with no {@code --region}, taking the
 * regions from layerkit.yaml, each region pruned against its own bucket and release.
 */
class PruneAcrossRegionsAgainstMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private AwsClients home;

  @BeforeEach
  void setUp() throws Exception {
    System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
    home = AwsClients.create(new AwsSettings(REGIONS, Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty()), MOTO.credentials());
    for (String region : REGIONS) {
      home.inRegion(region).s3().createBucket(b -> {
        b.bucket(bucket(region));
        if (!region.equals("us-east-1")) {
          b.createBucketConfiguration(c -> c.locationConstraint(
              BucketLocationConstraint.fromValue(region)));
        }
      });
    }
    Files.writeString(dir.resolve("layerkit.yaml"), String.join("\n",
        "source: src",
        "store: s3://acme-layers-{region}/layers/",
        "registry: ssm:/platform/layers",
        "regions: [us-east-1, eu-west-1]",
        "aws:",
        "  endpointUrl: " + MOTO.endpoint(),
        "publish:",
        "  layer: true",
        "  runtimes: [python3.12]",
        "packages:",
        "  - path: requests",
        ""));
  }

  @AfterEach
  void tearDown() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    home.close();
  }

  @Test
  void pruneWithoutRegionFlagsPrunesEachConfiguredRegionAgainstItsOwnBucket() throws Exception {
    for (int release = 1; release <= 3; release++) {
      Path module = Files.createDirectories(dir.resolve("src/requests/python/requests"));
      Files.writeString(module.resolve("api.py"), "VERSION = " + release + "\n");
      CliRun publish = cli("publish", "--json");
      assertThat(publish.exitCode()).as(publish.err()).isZero();
      Thread.sleep(1100); // a new second names a new object
    }
    for (String region : REGIONS) {
      assertThat(versions(region)).containsExactly(1L, 2L, 3L);
      assertThat(keys(region)).hasSize(9);
    }

    CliRun plan = cli("prune", "--json", "--keep", "1", "requests");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    JsonNode planned = JSON.readTree(plan.out()).path("packages");
    List<String> plannedRegions = new ArrayList<>();
    planned.forEach(p -> plannedRegions.add(p.path("region").asText()));
    assertThat(plannedRegions).containsExactlyElementsOf(REGIONS);
    for (String region : REGIONS) {
      assertThat(versions(region)).as("a plan deletes nothing").hasSize(3);
    }

    for (JsonNode region : planned) {
      List<String> zipActions = new ArrayList<>();
      region.path("objects").forEach(o -> zipActions.add(o.path("action").asText() + " "
          + o.path("reasons").toString()));
      assertThat(zipActions).as("zips stored this hour stay: a publish may still record one")
          .hasSize(3).allMatch(action -> action.startsWith("keep")
              && action.contains("stored-recently"));
      assertThat(region.path("objects").get(0).path("location").asText())
          .as("each region reads its own bucket")
          .startsWith("s3://" + bucket(region.path("region").asText()) + "/layers/requests/");
    }

    CliRun apply = cli("prune", "--keep", "1", "--apply", "requests");

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    for (String region : REGIONS) {
      assertThat(versions(region)).as(region).containsExactly(3L);
      assertThat(keys(region)).as(region + ": zips of this hour are kept").hasSize(9);
    }
  }

  private CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(1, "--config");
    all.add(2, dir.resolve("layerkit.yaml").toString());
    return CliRun.of(all.toArray(String[]::new));
  }

  private List<Long> versions(String region) {
    return home.inRegion(region).lambda().listLayerVersions(b -> b.layerName("requests"))
        .layerVersions().stream().map(LayerVersionsListItem::version).sorted().toList();
  }

  private List<String> keys(String region) {
    return home.inRegion(region).s3().listObjectsV2(b -> b.bucket(bucket(region))).contents()
        .stream().map(S3Object::key).sorted().toList();
  }

  private static String bucket(String region) {
    return "acme-layers-" + region;
  }
}
