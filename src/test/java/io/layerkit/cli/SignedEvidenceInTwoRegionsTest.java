package io.layerkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.source.git.FixtureRepository;
import io.layerkit.testing.MotoServer;
import io.layerkit.testing.SampleZip;
import io.layerkit.testing.SignerApi;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Code signing, SBOM and signed provenance in two regions at once, through the command line:
 * each region's zip signed by that region's Signer job (WireMock, one job per bucket), the
 * provenance signed once by a KMS key of the second region (moto keys live in one region: a key
 * used from the wrong region is not found), and the same SBOM and provenance bytes beside the zip
 * in both buckets.
 */
class SignedEvidenceInTwoRegionsTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension static final WireMockExtension SIGNER = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1");

  @TempDir Path dir;
  private FixtureRepository repo;
  private final Map<String, SampleZip> signedCopies = new HashMap<>();
  private final Map<String, String> previous = new HashMap<>();
  private String keyArn;

  @BeforeEach
  void setUp() throws Exception {
    set("aws.endpointUrl", MOTO.endpoint().toString());
    set("aws.endpointUrlSigner", SIGNER.baseUrl());
    set("aws.accessKeyId", MotoServer.ACCESS_KEY);
    set("aws.secretAccessKey", MotoServer.SECRET_KEY);
    for (String region : REGIONS) {
      try (S3Client s3 = s3(region)) {
        s3.createBucket(b -> {
          b.bucket(bucket(region));
          if (!region.equals("us-east-1")) {
            b.createBucketConfiguration(c -> c.locationConstraint(
                BucketLocationConstraint.fromValue(region)));
          }
        });
        s3.putBucketVersioning(b -> b.bucket(bucket(region))
            .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        String job = "job-" + region;
        SampleZip copy = SampleZip.write(dir, "signed-" + region + ".zip", "signed in " + region);
        s3.putObject(b -> b.bucket(bucket(region)).key(signedKey(region)),
            RequestBody.fromFile(copy.file()));
        signedCopies.put(region, copy);
        SignerApi.answerFor(SIGNER, bucket(region), job, signedKey(region));
      }
    }
    try (KmsClient kms = client(KmsClient.builder(), "eu-west-1")) {
      keyArn = kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256)
          .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn();
    }
    repo = FixtureRepository.init(dir.resolve("repo"))
        .write("layers/requests/python/requests/__init__.py", "def get(url):\n    return url\n")
        .write("layers/requests/python/requests-2.32.3.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: requests\nVersion: 2.32.3\nLicense: Apache-2.0\n");
    repo.commit("first");
  }

  @AfterEach
  void tearDown() {
    previous.forEach((name, value) -> {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    });
  }

  @Test
  void eachRegionSignsItsOwnZipAndHoldsTheSameOnceSignedEvidence() throws Exception {
    CliRun run = CliRun.of("publish", "--json", "--source", repo.fileSourceUri(),
        "--region", "us-east-1", "--region", "eu-west-1",
        "--store", "s3://acme-layers-{region}/layers/", "--registry", "ssm:/layerkit/layers",
        "--signing-profile", SignerApi.PROFILE, "--attestation-key", keyArn,
        "--publish-layer", "--runtime", "python3.12", "layers/requests");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode pkg = JSON.readTree(run.out()).get("packages").get(0);
    assertThat(pkg.path("status").asText()).isEqualTo("created");
    assertThat(pkg.path("attestationKey").asText()).isEqualTo(keyArn);
    SIGNER.verify(2, postRequestedFor(urlPathEqualTo("/signing-jobs")));
    String sbomKey = pkg.path("sbomKey").asText();
    String provenanceKey = pkg.path("provenanceKey").asText();
    Map<String, String> provenance = new HashMap<>();
    for (String region : REGIONS) {
      try (SsmClient ssm = client(SsmClient.builder(), region);
          LambdaClient lambda = client(LambdaClient.builder(), region);
          S3Client s3 = s3(region)) {
        JsonNode release = JSON.readTree(ssm.getParameter(
            b -> b.name("/layerkit/layers/requests/release")).parameter().value());
        assertThat(release.path("signedKey").asText()).as(region).isEqualTo(signedKey(region));
        assertThat(release.path("signingJobId").asText()).isEqualTo("job-" + region);
        assertThat(release.path("signedSha256").asText())
            .isEqualTo(signedCopies.get(region).sha256());
        assertThat(release.path("attestationKey").asText()).isEqualTo(keyArn);
        assertThat(lambda.getLayerVersion(b -> b.layerName("requests").versionNumber(1L))
            .content().codeSha256()).as(region + ": published from its own signed copy")
            .isEqualTo(signedCopies.get(region).base64Sha256());
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket(region)).key(sbomKey))
            .asUtf8String()).contains("pkg:pypi/requests@2.32.3");
        provenance.put(region, s3.getObjectAsBytes(
            b -> b.bucket(bucket(region)).key(provenanceKey)).asUtf8String());
      }
    }
    assertThat(provenance.get("eu-west-1")).as("one envelope, signed once")
        .isEqualTo(provenance.get("us-east-1"));
    assertThat(JSON.readTree(provenance.get("us-east-1")).path("signatures").get(0)
        .path("keyid").asText()).isEqualTo(keyArn);
  }

  private static String bucket(String region) {
    return "acme-layers-" + region;
  }

  private static String signedKey(String region) {
    return "layers/requests/signed/job-" + region + ".zip";
  }

  private static S3Client s3(String region) {
    return client(S3Client.builder().forcePathStyle(true), region);
  }

  private static <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C client(
      B builder, String region) {
    return MOTO.client(builder, Region.of(region));
  }

  private void set(String name, String value) {
    previous.put(name, System.getProperty(name));
    System.setProperty(name, value);
  }
}
