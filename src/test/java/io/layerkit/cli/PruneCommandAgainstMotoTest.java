package io.layerkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.publish.lambda.LambdaLayerPublisher;
import io.layerkit.registry.Release;
import io.layerkit.registry.ssm.ParameterLayout;
import io.layerkit.registry.ssm.SsmReleaseRegistry;
import io.layerkit.retention.LayerHistory;
import io.layerkit.store.s3.S3ArtifactStore;
import io.layerkit.testing.AwsCallRecorder;
import io.layerkit.testing.MotoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code layerkit prune} against moto_server through the real SDK: 55 layer versions published
 * from 55 zips in S3 (more than the 50 a ListLayerVersions page holds), the current release in
 * SSM naming version 10, and a moto function using version 20.
 */
class PruneCommandAgainstMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "acme-layers";
  private static final int VERSIONS = 55;

  @TempDir Path dir;
  private AwsClients clients;
  private IamClient iam;
  private List<LayerHistory.Entry> history;

  @BeforeEach
  void setUp() throws Exception {
    System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
    clients = AwsClients.create(new AwsSettings(Optional.of(MOTO.region().id()), Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty()), MOTO.credentials());
    iam = IamClient.builder().endpointOverride(MOTO.endpoint())
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(MOTO.credentials()).build();
    clients.s3().createBucket(b -> b.bucket(BUCKET));
    S3ArtifactStore store = S3ArtifactStore.forUri(clients.s3(), "s3://" + BUCKET + "/layers/");
    history = LayerHistory.publish(store, new LambdaLayerPublisher(clients.lambda(), false), dir,
        "requests", VERSIONS);
    new SsmReleaseRegistry(clients.ssm(), ParameterLayout.parse("ssm:/layerkit"))
        .record(entry(10).release("requests"));
    LayerHistory.createFunction(clients, iam, dir, "orders-api",
        List.of(entry(20).layer().layerVersionArn()));
    // an SBOM beside a zip goes with it
    for (int i : new int[] {3, 51}) {
      clients.s3().putObject(b -> b.bucket(BUCKET).key(entry(i).object().key() + ".cdx.json"),
          RequestBody.fromString("{}"));
    }
  }

  @AfterEach
  void tearDown() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    iam.close();
    clients.close();
  }

  private LayerHistory.Entry entry(int version) {
    return history.get(version - 1);
  }

  private CliRun prune(String... extra) {
    List<String> args = new ArrayList<>(List.of("prune",
        "--store", "s3://" + BUCKET + "/layers/", "--registry", "ssm:/layerkit",
        "--endpoint-url", MOTO.endpoint().toString(), "--region", MOTO.region().id()));
    args.addAll(List.of(extra));
    args.add("requests");
    return CliRun.of(args.toArray(String[]::new));
  }

  private List<Long> versionsInLambda() {
    return clients.lambda().listLayerVersionsPaginator(b -> b.layerName("requests")).stream()
        .flatMap(page -> page.layerVersions().stream())
        .map(v -> v.version()).sorted().toList();
  }

  private List<String> keysInBucket() {
    return clients.s3().listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream()
        .map(S3Object::key).sorted().toList();
  }

  @Test
  void thePlanListsEveryVersionWithItsReasonsAndDeletesNothing() throws Exception {
    List<String> keysBefore = keysInBucket();

    CliRun run = prune("--json", "--keep", "5");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode plan = JSON.readTree(run.out()).path("packages").get(0);
    assertThat(plan.path("versions")).hasSize(VERSIONS);
    assertThat(kept(plan.path("versions"), "version")).containsExactly(
        "55", "54", "53", "52", "51", "20", "10");
    assertThat(reasonsOf(plan.path("versions"), "version", "10")).containsExactly("current-release");
    assertThat(reasonsOf(plan.path("versions"), "version", "20")).containsExactly("used-by-function");
    assertThat(reasonsOf(plan.path("versions"), "version", "55")).containsExactly("newest");
    assertThat(plan.path("versions").get(30).path("usedBy")).isEmpty();
    assertThat(StreamSupport.stream(plan.path("versions").spliterator(), false)
        .filter(v -> v.path("version").asInt() == 20).findFirst().orElseThrow()
        .path("usedBy").get(0).asText()).contains(":function:orders-api");
    assertThat(kept(plan.path("objects"), "key")).containsExactlyInAnyOrder(
        keys(55, 54, 53, 52, 51, 20, 10).toArray(String[]::new));
    assertThat(reasonsOf(plan.path("objects"), "key", entry(10).object().key()))
        .containsExactly("current-release", "recent-release", "kept-version-content");
    assertThat(reasonsOf(plan.path("objects"), "key", entry(20).object().key()))
        .containsExactly("kept-version-content");
    assertThat(JSON.readTree(run.out()).path("applied").asBoolean()).isFalse();

    assertThat(versionsInLambda()).as("a plan deletes no version").hasSize(VERSIONS);
    assertThat(keysInBucket()).as("a plan deletes no object").isEqualTo(keysBefore);
  }

  @Test
  void applyDeletesWhatThePlanDoesNotKeepAndOnlyThat() throws Exception {
    CliRun run = prune("--keep", "5", "--apply");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("requests (us-east-1): 55 layer versions, keep 7, deleted 48;"
        + " 55 stored zips, keep 7, deleted 48");
    assertThat(versionsInLambda()).containsExactly(10L, 20L, 51L, 52L, 53L, 54L, 55L);
    List<String> expected = new ArrayList<>(keys(10, 20, 51, 52, 53, 54, 55));
    expected.add(entry(51).object().key() + ".cdx.json");
    assertThat(keysInBucket()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(clients.lambda().getFunction(b -> b.functionName("orders-api"))
        .configuration().layers().get(0).arn()).isEqualTo(entry(20).layer().layerVersionArn());

    CliRun again = prune("--keep", "5", "--apply");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("7 layer versions, keep 7, deleted 0; 7 stored zips, keep 7, deleted 0");
  }

  @Test
  void theSignedCopyOfADeletedZipGoesWithItAndTheCurrentReleasesStays() throws Exception {
    // releases as a publish with --signing-profile records them: each names Signer's copy
    String oldCopy = "layers/requests/signed/job-3.zip";
    String currentCopy = "layers/requests/signed/job-10.zip";
    for (String copy : List.of(oldCopy, currentCopy)) {
      clients.s3().putObject(b -> b.bucket(BUCKET).key(copy), RequestBody.fromString("signed"));
    }
    SsmReleaseRegistry registry =
        new SsmReleaseRegistry(clients.ssm(), ParameterLayout.parse("ssm:/layerkit"));
    registry.record(signed(entry(3).release("requests"), oldCopy));
    registry.record(signed(entry(10).release("requests"), currentCopy));

    CliRun run = prune("--keep", "1", "--apply");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(keysInBucket()).contains(currentCopy).doesNotContain(oldCopy)
        .doesNotContain(entry(3).object().key());
  }

  private static Release signed(Release release,
      String signedKey) {
    return new Release(release.packageName(), release.name(), release.key(),
        release.location(), release.sha256(), release.contentDigest(), release.size(),
        release.files(), release.unzippedSize(), release.commit(), release.source(),
        release.packagePath(), release.fingerprint(), release.created(),
        release.layerVersionArn(), null, null, null, null, null, null, null, signedKey,
        "5e".repeat(32), null, null);
  }

  @Test
  void aPlanCostsOneListingOfEachKindOneReadPerKeptVersionAndOneHeadPerZip() throws Exception {
    List<AwsCallRecorder.Call> calls = AwsCallRecorder.during(() -> prune("--keep", "5"));

    Map<String, Long> byOperation = calls.stream().collect(Collectors.groupingBy(
        call -> call.service() + ":" + call.operation(), TreeMap::new, Collectors.counting()));
    assertThat(byOperation).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        "Lambda:ListLayerVersions", 1L,
        "Lambda:ListFunctions", 1L,
        "Lambda:GetLayerVersion", 7L,
        "S3:ListObjectsV2", 1L,
        "S3:HeadObject", (long) VERSIONS,
        "Ssm:GetParameters", 1L,
        "Ssm:GetParameterHistory", 2L)));
  }

  @Test
  void versionsYoungerThanTheDaysKeptSurvive() throws Exception {
    // moto stamps every version with the time it was published: all of them are minutes old
    CliRun run = prune("--json", "--keep", "1", "--keep-days", "1", "--apply");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode plan = JSON.readTree(run.out()).path("packages").get(0);
    assertThat(reasonsOf(plan.path("versions"), "version", "30")).containsExactly("young");
    assertThat(versionsInLambda()).hasSize(VERSIONS);
    assertThat(LongStream.rangeClosed(1, VERSIONS).boxed().toList()).isEqualTo(versionsInLambda());
  }

  @Test
  void withoutARecordedReleaseNothingIsDeleted() throws Exception {
    CliRun run = CliRun.of("prune", "--apply", "--store", "s3://" + BUCKET + "/layers/",
        "--registry", "ssm:/other", "--endpoint-url", MOTO.endpoint().toString(),
        "--region", MOTO.region().id(), "requests");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("error: no release of requests is recorded in ssm:/other:"
        + " nothing was deleted");
    assertThat(versionsInLambda()).hasSize(VERSIONS);
  }

  private List<String> keys(int... versions) {
    return Arrays.stream(versions).mapToObj(v -> entry(v).object().key()).toList();
  }

  private static List<String> kept(JsonNode items, String field) {
    List<String> kept = new ArrayList<>();
    items.forEach(item -> {
      if (item.path("action").asText().equals("keep")) {
        kept.add(item.path(field).asText());
      }
    });
    return kept;
  }

  private static List<String> reasonsOf(JsonNode items, String field, String value) {
    for (JsonNode item : items) {
      if (item.path(field).asText().equals(value)) {
        List<String> reasons = new ArrayList<>();
        item.path("reasons").forEach(r -> reasons.add(r.asText()));
        return reasons;
      }
    }
    throw new AssertionError("no " + field + " " + value + " in " + items);
  }
}
