package io.layerkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * {@code --signing-profile} end to end through the command line: the zip in a versioned S3
 * bucket, the release in SSM and the layer version in Lambda (moto_server), AWS Signer on
 * WireMock answering with the Signer API reference's REST-JSON shapes (moto has no signing jobs).
 * The SDK reaches each through its own endpoint settings, as deployed: {@code aws.endpointUrl}
 * for moto, {@code aws.endpointUrlSigner} for Signer. Signer's job writes the signed copy; here
 * the test puts the object the job's answer names, as Signer would have.
 */
class CodeSigningThroughTheCommandLineTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension static final WireMockExtension SIGNER = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "acme-layers";
  private static final String PROFILE = SignerApi.PROFILE;
  private static final String JOB = SignerApi.JOB;
  private static final String SIGNED_KEY = "layers/requests/signed/" + JOB + ".zip";

  @TempDir Path dir;
  FixtureRepository repo;
  S3Client s3;
  SsmClient ssm;
  LambdaClient lambda;
  SampleZip signedCopy;
  private final Map<String, String> previous = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    set("aws.endpointUrl", MOTO.endpoint().toString());
    set("aws.endpointUrlSigner", SIGNER.baseUrl());
    set("aws.region", MOTO.region().id());
    set("aws.accessKeyId", MotoServer.ACCESS_KEY);
    set("aws.secretAccessKey", MotoServer.SECRET_KEY);
    s3 = MOTO.client(S3Client.builder().forcePathStyle(true));
    ssm = MOTO.client(SsmClient.builder());
    lambda = MOTO.client(LambdaClient.builder());
    s3.createBucket(b -> b.bucket(BUCKET));
    s3.putBucketVersioning(b -> b.bucket(BUCKET)
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    repo = FixtureRepository.init(dir.resolve("repo"))
        .write("layers/requests/python/requests/__init__.py", "def get(url):\n    return url\n");
    repo.commit("first");

    signedCopy = SampleZip.write(dir, "signed.zip", "a zip with Signer's signature in it");
    s3.putObject(b -> b.bucket(BUCKET).key(SIGNED_KEY), RequestBody.fromFile(signedCopy.file()));
    SignerApi.answer(SIGNER, BUCKET, SIGNED_KEY);
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
    s3.close();
    ssm.close();
    lambda.close();
  }

  private void set(String name, String value) {
    previous.put(name, System.getProperty(name));
    System.setProperty(name, value);
  }

  private CliRun publish(String store) {
    List<String> args = new ArrayList<>(List.of("publish", "--json",
        "--source", repo.fileSourceUri(), "--store", store,
        "--registry", "ssm:/layerkit/layers", "--signing-profile", PROFILE,
        "--publish-layer", "--runtime", "python3.12", "layers/requests"));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void theLayerIsPublishedFromTheSignedCopyAndTheReleaseKeepsBothDigests() throws Exception {
    CliRun first = publish("s3://" + BUCKET + "/layers/");

    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    JsonNode pkg = JSON.readTree(first.out()).get("packages").get(0);
    String key = pkg.get("key").asText();
    String version = s3.headObject(b -> b.bucket(BUCKET).key(key)).versionId();
    SIGNER.verify(postRequestedFor(urlPathEqualTo("/signing-jobs")).withRequestBody(equalToJson("""
        {"destination":{"s3":{"bucketName":"acme-layers","prefix":"layers/requests/signed/"}},
         "profileName":"layerkit_prod",
         "source":{"s3":{"bucketName":"acme-layers","key":"%s","version":"%s"}}}
        """.formatted(key, version), true, true)));

    JsonNode release = JSON.readTree(ssm.getParameter(
        b -> b.name("/layerkit/layers/requests/release")).parameter().value());
    assertThat(release.get("sha256").asText()).isEqualTo(pkg.get("sha256").asText());
    assertThat(release.get("signedKey").asText()).isEqualTo(SIGNED_KEY);
    assertThat(release.get("signedSha256").asText()).isEqualTo(signedCopy.sha256())
        .isNotEqualTo(release.get("sha256").asText());
    assertThat(release.get("signingProfileVersionArn").asText())
        .isEqualTo(SignerApi.PROFILE_VERSION_ARN);
    assertThat(release.get("signingJobId").asText()).isEqualTo(JOB);
    // Lambda holds the signed copy: its CodeSha256 is the signed zip's
    assertThat(lambda.getLayerVersion(b -> b.layerName("requests").versionNumber(1L)).content()
        .codeSha256()).isEqualTo(signedCopy.base64Sha256());

    // the content digest decides: the same content is unchanged, nothing is signed again
    CliRun second = publish("s3://" + BUCKET + "/layers/");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(JSON.readTree(second.out()).get("packages").get(0).get("status").asText())
        .isEqualTo("unchanged");
    SIGNER.verify(1, postRequestedFor(urlPathEqualTo("/signing-jobs")));
  }

  @Test
  void aBucketWithoutVersioningIsRefusedNamingWhatToTurnOn() throws Exception {
    s3.createBucket(b -> b.bucket("plain-layers"));

    CliRun run = publish("s3://plain-layers/layers/");

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode pkg = JSON.readTree(run.out()).get("packages").get(0);
    assertThat(pkg.get("error").asText()).isEqualTo("s3://plain-layers/layers/ does not keep"
        + " object versions, which --signing-profile needs (AWS Signer signs one object version):"
        + " enable versioning on the bucket (aws s3api put-bucket-versioning"
        + " --versioning-configuration Status=Enabled) or leave out --signing-profile");
    assertThat(s3.listObjectsV2(b -> b.bucket("plain-layers")).contents())
        .as("refused before anything is stored").isEmpty();
    assertThat(ssm.getParametersByPath(b -> b.path("/layerkit").recursive(true)).parameters())
        .isEmpty();
    SIGNER.verify(0, postRequestedFor(urlPathEqualTo("/signing-jobs")));
  }

  @Test
  void aFileStoreIsRefusedBeforeAnythingIsBuilt() {
    CliRun run = publish("file:" + dir.resolve("store"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--signing-profile needs an S3 store: AWS Signer signs one"
        + " version of an object in a versioned bucket, but --store is file:");
    assertThat(dir.resolve("store")).doesNotExist();
  }
}
