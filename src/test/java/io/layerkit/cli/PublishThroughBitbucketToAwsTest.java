package io.layerkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.source.bitbucket.BitbucketApiStub;
import io.layerkit.source.bitbucket.RepoTree;
import io.layerkit.testing.MotoServer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The real setup end to end through the command line: a Bitbucket repository (WireMock with the
 * API's payload shapes), the token in an SSM SecureString, the zip in S3, the release in SSM and
 * a shared layer version in Lambda (all moto_server, through the real AWS SDK).
 */
class PublishThroughBitbucketToAwsTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension static final WireMockExtension BITBUCKET = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMIT = "e7d158ff7ed5538c28f94cd97a9ad569680fc94e";
  private static final String TOKEN = "bb-access-token-7f3a9c";

  S3Client s3;
  SsmClient ssm;
  LambdaClient lambda;
  BitbucketApiStub api;

  @BeforeEach
  void setUp() {
    System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
    s3 = MOTO.client(S3Client.builder().forcePathStyle(true));
    ssm = MOTO.client(SsmClient.builder());
    lambda = MOTO.client(LambdaClient.builder());
    s3.createBucket(b -> b.bucket("acme-layers"));
    ssm.putParameter(b -> b.name("/layerkit/bitbucket-token").type(ParameterType.SECURE_STRING)
        .value(TOKEN));

    api = new BitbucketApiStub(BITBUCKET.getRuntimeInfo().getWireMock(),
        BITBUCKET.baseUrl(), "acme", "platform");
    api.repository("main");
    api.branch("main", COMMIT);
    api.tree(COMMIT, new RepoTree()
        .file("lambda/layers/requests/python/requests/__init__.py", "from .api import get\n")
        .file("lambda/layers/requests/python/requests/api.py", "def get(url): return url\n")
        .executable("lambda/layers/requests/bin/req", "#!/bin/sh\necho req\n")
        .symlink("lambda/layers/requests/bin/r", "req")
        .file("README.md", "not part of the layer\n"), 100);
  }

  @AfterEach
  void tearDown() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    s3.close();
    ssm.close();
    lambda.close();
  }

  private CliRun publish() {
    List<String> args = new ArrayList<>(List.of("publish", "--json",
        "--source", "bitbucket://acme/platform", "--api-url", BITBUCKET.baseUrl(),
        "--token-parameter", "/layerkit/bitbucket-token",
        "--store", "s3://acme-layers/layers/", "--registry", "ssm:/layerkit/layers",
        "--endpoint-url", MOTO.endpoint().toString(), "--region", MOTO.region().id(),
        "--publish-layer", "--share", "111122223333", "--share", "o-a1b2c3d4e5",
        "--runtime", "python3.12", "lambda/layers/requests"));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void firstRunCreatesEverythingSecondRunWritesNothing() throws Exception {
    CliRun first = publish();

    assertThat(first.exitCode()).as(first.err()).isZero();
    JsonNode report = JSON.readTree(first.out());
    assertThat(report.get("commit").asText()).isEqualTo(COMMIT);
    JsonNode pkg = report.get("packages").get(0);
    assertThat(pkg.get("status").asText()).isEqualTo("created");
    assertThat(pkg.get("files").asInt()).isEqualTo(4);
    String key = pkg.get("key").asText();
    assertThat(key).matches("layers/requests/requests-\\d{14}\\.zip");
    String layerArn = pkg.get("layerVersionArn").asText();
    assertThat(layerArn).endsWith(":layer:requests:1");

    // the stored bytes are the reported digest, and S3 keeps the checksum Lambda reports
    byte[] stored = s3.getObjectAsBytes(b -> b.bucket("acme-layers").key(key)).asByteArray();
    assertThat(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(stored))).isEqualTo(pkg.get("sha256").asText());
    HeadObjectResponse head = s3.headObject(b -> b.bucket("acme-layers").key(key)
        .checksumMode(ChecksumMode.ENABLED));
    assertThat(head.checksumSHA256()).isEqualTo(Base64.getEncoder()
        .encodeToString(HexFormat.of().parseHex(pkg.get("sha256").asText())));

    // the original function's SSM value, and the full release beside it
    String name = key.substring(key.lastIndexOf('/') + 1).replace(".zip", "");
    assertThat(ssm.getParameter(b -> b.name("/layerkit/layers/requests")).parameter().value())
        .isEqualTo(name);
    JsonNode release = JSON.readTree(ssm.getParameter(b -> b.name("/layerkit/layers/requests/release"))
        .parameter().value());
    assertThat(release.get("layerVersionArn").asText()).isEqualTo(layerArn);
    assertThat(release.get("commit").asText()).isEqualTo(COMMIT);

    // shared with the account and the organization
    String policy = lambda.getLayerVersionPolicy(b -> b.layerName("requests").versionNumber(1L))
        .policy();
    assertThat(policy).contains("111122223333").contains("o-a1b2c3d4e5");

    // the token came from the SecureString, and never reached the output
    BITBUCKET.verify(getRequestedFor(urlMatching("/2.0/repositories/acme/platform/src/.*"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    assertThat(first.out() + first.err()).doesNotContain(TOKEN);

    BITBUCKET.resetRequests();
    CliRun second = publish();

    assertThat(second.exitCode()).as(second.err()).isZero();
    JsonNode again = JSON.readTree(second.out()).get("packages").get(0);
    assertThat(again.get("status").asText()).isEqualTo("unchanged");
    assertThat(again.get("layerVersionArn").asText()).isEqualTo(layerArn);
    assertThat(again.get("requests").asLong()).isZero();
    assertThat(ssm.getParameter(b -> b.name("/layerkit/layers/requests")).parameter().version())
        .isEqualTo(1L);
    assertThat(lambda.listLayerVersions(b -> b.layerName("requests")).layerVersions()).hasSize(1);
    assertThat(s3.listObjectsV2(b -> b.bucket("acme-layers")).contents())
        .as("the zip, its SBOM and its provenance").hasSize(3);
    // same commit: nothing but the ref resolution was asked of Bitbucket
    BITBUCKET.verify(0, getRequestedFor(urlMatching(".*/src/.*")));
  }

  @Test
  void aMissingBucketFailsThePackageAndRecordsNothing() throws Exception {
    s3.deleteBucket(b -> b.bucket("acme-layers"));

    CliRun run = publish();

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode pkg = JSON.readTree(run.out()).get("packages").get(0);
    assertThat(pkg.get("status").asText()).isEqualTo("failed");
    assertThat(pkg.get("error").asText()).contains("acme-layers");
    assertThat(ssm.describeParameters().parameters()).extracting(p -> p.name())
        .containsExactly("/layerkit/bitbucket-token");
  }

  @Test
  void aMissingTokenParameterIsAConfigurationError() throws Exception {
    ssm.deleteParameter(b -> b.name("/layerkit/bitbucket-token"));

    CliRun run = publish();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("token parameter /layerkit/bitbucket-token does not exist");
    // --json: still the one object on stdout, saying what went wrong
    JsonNode report = JSON.readTree(run.out());
    assertThat(run.out().strip().lines()).hasSize(1);
    assertThat(report.get("ok").asBoolean()).isFalse();
    assertThat(report.get("packages")).isEmpty();
    assertThat(report.get("error").asText())
        .startsWith("token parameter /layerkit/bitbucket-token does not exist");
  }

  @Test
  void aReleaseBuiltThroughTheApiVerifiesByRebuildingItsRecordedCommit() throws Exception {
    assertThat(publish().exitCode()).isZero();
    api.commit(COMMIT, COMMIT);

    CliRun verified = CliRun.of("verify", "--json", "--registry", "ssm:/layerkit/layers",
        "--api-url", BITBUCKET.baseUrl(), "--token-parameter", "/layerkit/bitbucket-token",
        "--endpoint-url", MOTO.endpoint().toString(), "--region", MOTO.region().id(),
        "lambda/layers/requests");

    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    JsonNode report = JSON.readTree(verified.out());
    assertThat(report.get("package").asText()).isEqualTo("requests");
    assertThat(report.get("checks")).extracting(c -> c.get("check").asText() + " "
            + c.get("outcome").asText())
        .containsExactly("rebuilt zip holds", "stored zip holds", "provenance subject holds",
            "provenance parameters holds", "provenance signature skipped");
    // rebuilt from the recorded commit, never from the branch
    BITBUCKET.verify(getRequestedFor(urlMatching("/2.0/repositories/acme/platform/src/" + COMMIT
        + "/lambda/layers/requests/.*")));
    assertThat(verified.out() + verified.err()).doesNotContain(TOKEN);
  }
}
