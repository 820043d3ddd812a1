package io.layerkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.app.Components;
import io.layerkit.app.RunRequests;
import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.LayerLimits;
import io.layerkit.config.AwsSettings;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import io.layerkit.config.PublishSettings;
import io.layerkit.config.SourceSettings;
import io.layerkit.config.TokenSettings;
import io.layerkit.config.TrustSettings;
import io.layerkit.registry.Release;
import io.layerkit.testing.AwsCallRecorder;
import io.layerkit.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One package published to three regions of one moto account ({@code s3://acme-layers-{region}}
 * buckets, SSM and Lambda in each region), through the real pipeline and parts: the archive is
 * built once, each region gets the same key and checksum, its own layer version and its own
 * release, and every later run does only what a region lacks.
 */
class ThreeRegionsAgainstMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-2");
  private static final String ACCOUNT = "210987654321";
  private static final String ORGANIZATION = "o-a1b2c3d4e5";
  private static final Instant FIRST_RUN = Instant.parse("2026-11-23T22:35:00Z");
  private static final String KEY = "layers/requests/requests-20261123223500.zip";
  private static final String SBOM = "layers/requests/requests-20261123223500.cdx.json";
  private static final String PROVENANCE = "layers/requests/requests-20261123223500.intoto.jsonl";

  @TempDir Path source;
  @TempDir Path out;
  private RegionalAccount account;

  @BeforeEach
  void setUp() throws Exception {
    account = new RegionalAccount(MOTO, REGIONS);
    writeModule("def get(url):\n    return url\n");
  }

  @AfterEach
  void tearDown() {
    account.close();
  }

  @Test
  void publishesToThreeRegionsFromOneBuildAndAReRunAddsNothingAnywhere() throws Exception {
    REGIONS.forEach(r -> account.createBucket(r, false));

    Run first = run(settings(List.of(ACCOUNT)), FIRST_RUN);

    assertThat(first.result().status()).as(first.result().error()).isEqualTo(PackageStatus.CREATED);
    assertThat(first.builds()).as("the archive is built once for every region").isEqualTo(1);
    assertThat(first.result().regions()).extracting(RegionResult::region).containsExactlyElementsOf(REGIONS);
    String checksum = account.checksum("us-east-1", KEY);
    for (String region : REGIONS) {
      RegionResult result = regionOf(first.result(), region);
      assertThat(result.status()).isEqualTo(PackageStatus.CREATED);
      assertThat(result.key()).isEqualTo(KEY);
      assertThat(result.layerVersionArn())
          .isEqualTo("arn:aws:lambda:" + region + ":123456789012:layer:requests:1");
      assertThat(account.objectKeys(region)).containsExactly(SBOM, PROVENANCE, KEY);
      assertThat(account.checksum(region, KEY)).isEqualTo(checksum);
      assertThat(account.text(region, SBOM)).as("one SBOM").isEqualTo(account.text(REGIONS.get(0), SBOM));
      assertThat(account.text(region, PROVENANCE)).as("one provenance, made once")
          .isEqualTo(account.text(REGIONS.get(0), PROVENANCE));
      assertThat(account.policy(region, "requests", 1)).contains(ACCOUNT);
      Release release = account.release(region, "requests").orElseThrow();
      assertThat(release.layerVersionArn()).isEqualTo(result.layerVersionArn());
      assertThat(release.location()).isEqualTo("s3://" + RegionalAccount.bucket(region) + "/" + KEY);
      assertThat(release.publishedWith().regions()).containsExactlyElementsOf(REGIONS);
      assertThat(release.publishedWith().runtimes()).containsExactly("python3.12");
      assertThat(release.publishedWith().share()).containsExactly(ACCOUNT);
      assertThat(release.publishedWith().storage()).isEqualTo("copy");
    }
    Map<String, List<Object>> before = account.census("requests");

    Run second = run(settings(List.of(ACCOUNT)), FIRST_RUN.plusSeconds(3600));

    assertThat(second.result().status()).as(second.result().error()).isEqualTo(PackageStatus.UNCHANGED);
    assertThat(second.result().regions()).extracting(RegionResult::status)
        .containsOnly(PackageStatus.UNCHANGED);
    assertThat(account.census("requests")).as("no object, parameter version or layer version")
        .isEqualTo(before);
    assertThat(second.calls()).as("each region confirms its release: one HEAD, one GetLayerVersion;"
        + " the home region also takes and gives back the package's lease")
        .containsEntry("us-east-1", List.of("PutParameter", "GetParameters", "HeadObject",
            "GetLayerVersion", "GetParameter", "DeleteParameter"))
        .containsEntry("eu-west-1", List.of("GetParameters", "HeadObject", "GetLayerVersion"))
        .containsEntry("ap-southeast-2", List.of("GetParameters", "HeadObject", "GetLayerVersion"));
  }

  @Test
  void aNewShareTargetIsGrantedOnTheCurrentVersionInEveryRegionWithoutANewOne() throws Exception {
    REGIONS.forEach(r -> account.createBucket(r, false));
    run(settings(List.of(ACCOUNT)), FIRST_RUN);

    Run shared = run(settings(List.of(ACCOUNT, ORGANIZATION)), FIRST_RUN.plusSeconds(60));

    assertThat(shared.result().status()).as(shared.result().error()).isEqualTo(PackageStatus.UNCHANGED);
    for (String region : REGIONS) {
      assertThat(account.layerVersions(region, "requests")).containsExactly(1L);
      assertThat(account.policy(region, "requests", 1)).contains(ACCOUNT).contains(ORGANIZATION);
      assertThat(account.zipKeys(region)).containsExactly(KEY);
      Release release = account.release(region, "requests").orElseThrow();
      assertThat(release.publishedWith().share()).containsExactly(ACCOUNT, ORGANIZATION);
      assertThat(release.name()).isEqualTo("requests-20261123223500");
      assertThat(regionOf(shared.result(), region).reason()).contains("grants to add: " + ORGANIZATION);
    }
  }

  @Test
  void changedContentPublishesANewVersionInEveryRegion() throws Exception {
    REGIONS.forEach(r -> account.createBucket(r, false));
    run(settings(List.of(ACCOUNT)), FIRST_RUN);
    writeModule("def get(url, timeout=10):\n    return url\n");

    Run changed = run(settings(List.of(ACCOUNT)), FIRST_RUN.plusSeconds(60));

    assertThat(changed.result().status()).as(changed.result().error()).isEqualTo(PackageStatus.CREATED);
    assertThat(changed.builds()).isEqualTo(1);
    for (String region : REGIONS) {
      assertThat(account.layerVersions(region, "requests")).containsExactly(1L, 2L);
      assertThat(account.zipKeys(region)).containsExactly(KEY,
          "layers/requests/requests-20261123223600.zip");
      assertThat(account.policy(region, "requests", 2)).contains(ACCOUNT);
      assertThat(regionOf(changed.result(), region).reason()).startsWith("content changed since");
      assertThat(account.release(region, "requests").orElseThrow().layerVersionArn()).endsWith(":2");
    }
  }

  @Test
  void changedRuntimesPublishANewVersionFromTheSameObject() throws Exception {
    REGIONS.forEach(r -> account.createBucket(r, false));
    run(settings(List.of(ACCOUNT)), FIRST_RUN);

    Run changed = run(settings(List.of(ACCOUNT), "python3.13", PublishSettings.COPY),
        FIRST_RUN.plusSeconds(60));

    assertThat(changed.result().status()).as(changed.result().error()).isEqualTo(PackageStatus.CREATED);
    for (String region : REGIONS) {
      assertThat(account.layerVersions(region, "requests")).containsExactly(1L, 2L);
      assertThat(account.zipKeys(region)).as("same content: the stored zip is reused").containsExactly(KEY);
      assertThat(regionOf(changed.result(), region).reason())
          .isEqualTo("compatible runtimes changed from [python3.12] to [python3.13]");
      assertThat(account.release(region, "requests").orElseThrow().publishedWith().runtimes())
          .containsExactly("python3.13");
    }
  }

  @Test
  void aRegionWithoutItsBucketFailsThePackageAloneAndTheReRunFinishesOnlyIt() throws Exception {
    account.createBucket("us-east-1", false);
    account.createBucket("eu-west-1", false);

    Run first = run(settings(List.of(ACCOUNT)), FIRST_RUN);

    assertThat(first.result().status()).isEqualTo(PackageStatus.FAILED);
    assertThat(first.result().error()).isEqualTo("ap-southeast-2: bucket acme-layers-ap-southeast-2"
        + " does not exist: create it or fix --store (s3://acme-layers-ap-southeast-2/layers/)");
    assertThat(regionOf(first.result(), "us-east-1").status()).isEqualTo(PackageStatus.CREATED);
    assertThat(regionOf(first.result(), "eu-west-1").status()).isEqualTo(PackageStatus.CREATED);
    assertThat(account.release("ap-southeast-2", "requests")).isEmpty();
    assertThat(account.layerVersions("ap-southeast-2", "requests")).isEmpty();
    Map<String, List<Object>> done = account.census("requests");
    account.createBucket("ap-southeast-2", false);

    Run rerun = run(settings(List.of(ACCOUNT)), FIRST_RUN.plusSeconds(600));

    assertThat(rerun.result().status()).as(rerun.result().error()).isEqualTo(PackageStatus.CREATED);
    assertThat(regionOf(rerun.result(), "us-east-1").status()).isEqualTo(PackageStatus.UNCHANGED);
    assertThat(regionOf(rerun.result(), "eu-west-1").status()).isEqualTo(PackageStatus.UNCHANGED);
    assertThat(regionOf(rerun.result(), "ap-southeast-2").status()).isEqualTo(PackageStatus.CREATED);
    assertThat(account.census("requests").get("us-east-1")).isEqualTo(done.get("us-east-1"));
    assertThat(account.census("requests").get("eu-west-1")).isEqualTo(done.get("eu-west-1"));
    assertThat(account.zipKeys("ap-southeast-2")).as("the key the other regions have")
        .containsExactly(KEY);
    assertThat(account.layerVersions("ap-southeast-2", "requests")).containsExactly(1L);
  }

  @Test
  void aDeletedObjectIsNoticedAndStoredAgain() throws Exception {
    REGIONS.forEach(r -> account.createBucket(r, false));
    run(settings(List.of(ACCOUNT)), FIRST_RUN);
    account.in("eu-west-1").s3().deleteObject(b -> b.bucket(RegionalAccount.bucket("eu-west-1")).key(KEY));

    Run rerun = run(settings(List.of(ACCOUNT)), FIRST_RUN.plusSeconds(60));

    assertThat(rerun.result().status()).as(rerun.result().error()).isEqualTo(PackageStatus.CREATED);
    assertThat(rerun.builds()).isEqualTo(1);
    RegionResult europe = regionOf(rerun.result(), "eu-west-1");
    assertThat(europe.status()).isEqualTo(PackageStatus.CREATED);
    assertThat(europe.reason()).isEqualTo("the recorded object s3://acme-layers-eu-west-1/" + KEY + " is gone");
    assertThat(account.objectExists("eu-west-1", KEY)).isTrue();
    assertThat(account.release("eu-west-1", "requests").orElseThrow().key()).isEqualTo(KEY);
    assertThat(regionOf(rerun.result(), "us-east-1").status()).isEqualTo(PackageStatus.UNCHANGED);
    assertThat(regionOf(rerun.result(), "ap-southeast-2").status()).isEqualTo(PackageStatus.UNCHANGED);
  }

  @Test
  void aDeletedLayerVersionIsNoticedAndPublishedAgain() throws Exception {
    REGIONS.forEach(r -> account.createBucket(r, false));
    run(settings(List.of(ACCOUNT)), FIRST_RUN);
    account.in("ap-southeast-2").lambda().deleteLayerVersion(b -> b.layerName("requests").versionNumber(1L));

    Run rerun = run(settings(List.of(ACCOUNT)), FIRST_RUN.plusSeconds(60));

    RegionResult sydney = regionOf(rerun.result(), "ap-southeast-2");
    assertThat(sydney.status()).as(sydney.error()).isEqualTo(PackageStatus.CREATED);
    assertThat(sydney.reason()).isEqualTo("the recorded layer version"
        + " arn:aws:lambda:ap-southeast-2:123456789012:layer:requests:1 is gone");
    assertThat(sydney.layerVersionArn()).endsWith(":layer:requests:2");
    assertThat(account.layerVersions("ap-southeast-2", "requests")).containsExactly(2L);
    assertThat(account.policy("ap-southeast-2", "requests", 2)).contains(ACCOUNT);
    assertThat(account.release("ap-southeast-2", "requests").orElseThrow().layerVersionArn())
        .isEqualTo(sydney.layerVersionArn());
    assertThat(account.zipKeys("ap-southeast-2")).containsExactly(KEY);
    assertThat(account.layerVersions("us-east-1", "requests")).containsExactly(1L);
  }

  @Test
  void aPlanSaysWhatEachRegionWouldDoAndWritesNothing() throws Exception {
    REGIONS.forEach(r -> account.createBucket(r, false));
    run(settings(List.of(ACCOUNT)), FIRST_RUN);
    account.in("eu-west-1").lambda().deleteLayerVersion(b -> b.layerName("requests").versionNumber(1L));
    Map<String, List<Object>> before = account.census("requests");

    Run plan = run(settings(List.of(ACCOUNT, ORGANIZATION)), FIRST_RUN.plusSeconds(60), Mode.PLAN);

    assertThat(plan.result().status()).as(plan.result().error()).isEqualTo(PackageStatus.PLANNED);
    assertThat(plan.result().regions()).extracting(RegionResult::status).containsExactly(
        PackageStatus.PLANNED, PackageStatus.PLANNED, PackageStatus.PLANNED);
    assertThat(regionOf(plan.result(), "eu-west-1").reason()).isEqualTo("the recorded layer"
        + " version arn:aws:lambda:eu-west-1:123456789012:layer:requests:1 is gone");
    assertThat(regionOf(plan.result(), "us-east-1").reason()).contains("grants to add: " + ORGANIZATION);
    assertThat(account.census("requests")).isEqualTo(before);
    assertThat(account.policy("us-east-1", "requests", 1)).doesNotContain(ORGANIZATION);
  }

  @Test
  void referenceStorageRecordsTheObjectVersionAndRefusesAnUnversionedBucketBeforeStoring()
      throws Exception {
    account.createBucket("us-east-1", true);
    account.createBucket("eu-west-1", true);
    account.createBucket("ap-southeast-2", false);

    Run run = run(settings(List.of(ACCOUNT), "python3.12", PublishSettings.REFERENCE), FIRST_RUN);

    assertThat(run.result().status()).isEqualTo(PackageStatus.FAILED);
    assertThat(run.result().error()).isEqualTo("ap-southeast-2: s3://acme-layers-ap-southeast-2/layers/"
        + " does not keep object versions, which --storage reference needs: enable versioning on"
        + " the bucket (aws s3api put-bucket-versioning --versioning-configuration Status=Enabled)"
        + " or use --storage copy");
    assertThat(account.objectKeys("ap-southeast-2")).as("nothing stored").isEmpty();
    for (String region : List.of("us-east-1", "eu-west-1")) {
      Release release = account.release(region, "requests").orElseThrow();
      String version = account.in(region).s3().listObjectVersions(b -> b.bucket(RegionalAccount.bucket(region)))
          .versions().stream().filter(v -> v.key().equals(KEY)).findFirst().orElseThrow().versionId();
      assertThat(release.objectVersion()).isEqualTo(version).isNotBlank();
      assertThat(release.publishedWith().storage()).isEqualTo("reference");
    }
  }

  /** One run: its package's result, how often it built the archive, each region's AWS calls. */
  private record Run(PackageResult result, int builds, Map<String, List<String>> calls) {}

  private Run run(PublishSettings publish, Instant now) throws Exception {
    return run(publish, now, Mode.PUBLISH);
  }

  private Run run(PublishSettings publish, Instant now, Mode mode) throws Exception {
    LayerkitConfig config = config(publish);
    AtomicInteger builds = new AtomicInteger();
    List<PackageResult> results = new ArrayList<>();
    PipelineListener counting = new PipelineListener() {
      @Override
      public void fetchStarted(String packageName, int files, long bytes) {
        builds.incrementAndGet();
      }
    };
    List<AwsCallRecorder.Call> calls = AwsCallRecorder.during(() -> {
      try (Components components = Components.open(config, mode, Map.of(),
          account.in("us-east-1"))) {
        Parts parts = components.parts();
        Parts clocked = new Parts(parts.source(), parts.archiver(), parts.validator(),
            parts.store(), parts.registry(), parts.publisher(), Clock.fixed(now, ZoneOffset.UTC),
            parts.regions(), parts.leases(), parts.attestation());
        results.addAll(new LayerPipeline(clocked, counting)
            .run(RunRequests.of(config, mode, Pace.UNLIMITED, Builder.commandLine("test"))).packages());
      }
      return null;
    });
    assertThat(results).hasSize(1);
    return new Run(results.get(0), builds.get(), calls.stream().collect(Collectors.groupingBy(
        AwsCallRecorder.Call::region, Collectors.mapping(AwsCallRecorder.Call::operation,
            Collectors.toList()))));
  }

  private static RegionResult regionOf(PackageResult result, String region) {
    return result.regions().stream().filter(r -> r.region().equals(region)).findFirst().orElseThrow();
  }

  private static PublishSettings settings(List<String> share) {
    return settings(share, "python3.12", PublishSettings.COPY);
  }

  private static PublishSettings settings(List<String> share, String runtime, String storage) {
    return new PublishSettings(true, share, false, List.of(runtime), List.of("arm64"),
        Optional.of("MIT"), storage);
  }

  private LayerkitConfig config(PublishSettings publish) {
    SourceSettings dir = new SourceSettings("dir:" + source, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), TokenSettings.defaults());
    AwsSettings aws = new AwsSettings(REGIONS, Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty());
    return new LayerkitConfig(dir, "s3://" + RegionalAccount.BUCKETS + "/layers/",
        "ssm:" + RegionalAccount.PREFIX, List.of(PackageSpec.ofPath("requests")), publish, aws,
        ArchiveSettings.defaults(), LayerLimits.lambdaDefaults(), out, false,
        TrustSettings.defaults());
  }

  private void writeModule(String code) throws Exception {
    Files.createDirectories(source.resolve("requests/python/requests"));
    Files.writeString(source.resolve("requests/python/requests/api.py"), code);
  }
}
