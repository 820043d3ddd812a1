package io.layerkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.layerkit.registry.Release;
import io.layerkit.registry.ssm.SsmReleaseRegistry;
import io.layerkit.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The real pipeline (parts from {@link Components}) from a local folder into S3, SSM and Lambda
 * on moto_server: the store -> publish -> record order holds when a step fails, and re-runs
 * finish the job without duplicating objects, parameter versions or layer versions. Each run
 * gets its own clock, as separate runs would.
 */
class LayerPipelineAgainstMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String BUCKET = "layer-artifacts";
  private static final String ACCOUNT = "210987654321";
  private static final String ORGANIZATION = "o-a1b2c3d4e5";
  private static final Instant FIRST_RUN = Instant.parse("2026-11-23T22:35:00Z");

  @TempDir Path source;
  @TempDir Path out;
  private AwsClients clients;
  private S3Client s3;
  private SsmClient ssm;
  private LambdaClient lambda;

  @BeforeEach
  void setUp() throws Exception {
    clients = AwsClients.create(new AwsSettings(Optional.of(MOTO.region().id()), Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty()), MOTO.credentials());
    s3 = clients.s3();
    ssm = clients.ssm();
    lambda = clients.lambda();
    s3.createBucket(b -> b.bucket(BUCKET));
    writeModule("def get(url):\n    return url\n");
    Files.createDirectories(source.resolve("requests/bin"));
    Files.writeString(source.resolve("requests/bin/req"), "#!/bin/sh\necho req\n");
    source.resolve("requests/bin/req").toFile().setExecutable(true);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void firstRunCreatesSecondRunChangesNothing() throws Exception {
    PackageResult first = run(config("s3://" + BUCKET + "/layers/", "arm64"), FIRST_RUN);

    assertThat(first.status()).as(first.error()).isEqualTo(PackageStatus.CREATED);
    assertThat(first.key()).isEqualTo("layers/requests/requests-20261123223500.zip");
    assertThat(first.layerVersionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:layer:requests:1");
    assertThat(ssm.getParameter(b -> b.name("/platform/layers/requests")).parameter().value())
        .isEqualTo("requests-20261123223500");
    assertThat(lambda.getLayerVersionPolicy(b -> b.layerName("requests").versionNumber(1L)).policy())
        .contains(ACCOUNT).contains(ORGANIZATION);

    PackageResult second = run(config("s3://" + BUCKET + "/layers/", "arm64"), FIRST_RUN.plusSeconds(3600));

    assertThat(second.status()).as(second.error()).isEqualTo(PackageStatus.UNCHANGED);
    assertThat(second.layerVersionArn()).isEqualTo(first.layerVersionArn());
    assertThat(parameterVersion("/platform/layers/requests")).isEqualTo(1L);
    assertThat(parameterVersion("/platform/layers/requests/release")).isEqualTo(1L);
    assertThat(lambda.listLayerVersions(b -> b.layerName("requests")).layerVersions()).hasSize(1);
    assertThat(objectKeys()).containsExactlyInAnyOrder(
        "layers/requests/requests-20261123223500.zip",
        "layers/requests/requests-20261123223500.cdx.json",
        "layers/requests/requests-20261123223500.intoto.jsonl");
  }

  @Test
  void aRefusedPublishKeepsThePreviousReleaseAndTheReRunReusesTheStoredZip() throws Exception {
    PackageResult first = run(config("s3://" + BUCKET + "/layers/", "arm64"), FIRST_RUN);
    assertThat(first.status()).as(first.error()).isEqualTo(PackageStatus.CREATED);
    Release released = registry().current("requests").orElseThrow();
    writeModule("def get(url, timeout=10):\n    return url\n");

    // "arm" is not a Lambda architecture: the zip is stored, the publish is refused
    PackageResult refused = run(config("s3://" + BUCKET + "/layers/", "arm"), FIRST_RUN.plusSeconds(60));

    assertThat(refused.status()).isEqualTo(PackageStatus.FAILED);
    assertThat(refused.error()).isEqualTo("layer requests: architecture 'arm' is not one of Lambda's: x86_64, arm64");
    assertThat(registry().current("requests")).contains(released);
    assertThat(parameterVersion("/platform/layers/requests")).isEqualTo(1L);
    assertThat(lambda.listLayerVersions(b -> b.layerName("requests")).layerVersions()).hasSize(1);
    assertThat(objectKeys()).as("two zips, each with its SBOM and provenance").hasSize(6);

    PackageResult fixed = run(config("s3://" + BUCKET + "/layers/", "arm64"), FIRST_RUN.plusSeconds(120));

    assertThat(fixed.status()).as(fixed.error()).isEqualTo(PackageStatus.CREATED);
    assertThat(fixed.key()).as("the zip stored by the refused run is reused")
        .isEqualTo("layers/requests/requests-20261123223600.zip");
    assertThat(objectKeys()).as("the reused zip's evidence is written again, nothing added")
        .hasSize(6);
    assertThat(fixed.layerVersionArn()).endsWith(":layer:requests:2");
    Release current = registry().current("requests").orElseThrow();
    assertThat(current.name()).as("the recorded name is the reused zip's, which readers of the"
        + " original function's parameter turn into its key").isEqualTo("requests-20261123223600");
    assertThat(ssm.getParameter(b -> b.name("/platform/layers/requests")).parameter().value()
        + ".zip").isEqualTo(fixed.key().substring(fixed.key().lastIndexOf('/') + 1));
    assertThat(current.key()).isEqualTo(fixed.key());
    assertThat(current.layerVersionArn()).isEqualTo(fixed.layerVersionArn());
    assertThat(registry().history("requests")).extracting(Release::name)
        .containsExactly("requests-20261123223500", "requests-20261123223600");
  }

  @Test
  void aMissingBucketKeepsThePreviousReleaseAndSaysWhy() throws Exception {
    PackageResult first = run(config("s3://" + BUCKET + "/layers/", "arm64"), FIRST_RUN);
    assertThat(first.status()).as(first.error()).isEqualTo(PackageStatus.CREATED);
    Release released = registry().current("requests").orElseThrow();
    writeModule("def get(url, timeout=10):\n    return url\n");

    PackageResult failed = run(config("s3://no-such-bucket/layers/", "arm64"), FIRST_RUN.plusSeconds(60));

    assertThat(failed.status()).isEqualTo(PackageStatus.FAILED);
    assertThat(failed.failure()).isEqualTo(FailureKind.ERROR);
    assertThat(failed.error()).isEqualTo("bucket no-such-bucket does not exist: create it or fix"
        + " --store (s3://no-such-bucket/layers/)");
    assertThat(registry().current("requests")).contains(released);
    assertThat(parameterVersion("/platform/layers/requests")).isEqualTo(1L);
    assertThat(lambda.listLayerVersions(b -> b.layerName("requests")).layerVersions()).hasSize(1);
  }

  private PackageResult run(LayerkitConfig config, Instant now) throws Exception {
    try (Components components = Components.open(config, Mode.PUBLISH, Map.of(), clients)) {
      Parts parts = components.parts();
      Parts clocked = new Parts(parts.source(), parts.archiver(), parts.validator(), parts.store(),
          parts.registry(), parts.publisher(), Clock.fixed(now, ZoneOffset.UTC));
      Report report = new LayerPipeline(clocked, PipelineListener.NONE)
          .run(RunRequests.of(config, Mode.PUBLISH, Pace.UNLIMITED, Builder.commandLine("test")));
      assertThat(report.packages()).hasSize(1);
      return report.packages().get(0);
    }
  }

  private LayerkitConfig config(String store, String architecture) {
    SourceSettings dir = new SourceSettings("dir:" + source, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), TokenSettings.defaults());
    PublishSettings publish = new PublishSettings(true, List.of(ACCOUNT, ORGANIZATION), false,
        List.of("python3.12"), List.of(architecture), Optional.of("MIT"));
    AwsSettings aws = new AwsSettings(Optional.of(MOTO.region().id()), Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty());
    return new LayerkitConfig(dir, store, "ssm:/platform/layers", List.of(PackageSpec.ofPath("requests")),
        publish, aws, ArchiveSettings.defaults(), LayerLimits.lambdaDefaults(), out, false,
        TrustSettings.defaults());
  }

  private SsmReleaseRegistry registry() {
    return SsmReleaseRegistry.forUri(ssm, "ssm:/platform/layers");
  }

  private long parameterVersion(String name) {
    return ssm.getParameter(b -> b.name(name)).parameter().version();
  }

  private List<String> objectKeys() {
    return s3.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key).sorted().toList();
  }

  private void writeModule(String code) throws Exception {
    Files.createDirectories(source.resolve("requests/python/requests"));
    Files.writeString(source.resolve("requests/python/requests/api.py"), code);
  }
}
