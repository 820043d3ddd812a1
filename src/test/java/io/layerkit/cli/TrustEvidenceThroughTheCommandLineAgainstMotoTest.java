package io.layerkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.provenance.BuildRecord;
import io.layerkit.provenance.Envelope;
import io.layerkit.provenance.ProvenanceStatement;
import io.layerkit.provenance.kms.KmsSignatureVerifier;
import io.layerkit.source.git.FixtureRepository;
import io.layerkit.testing.MotoServer;
import io.layerkit.testing.SampleZip;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * SBOM, provenance and {@code layerkit verify} end to end through the command line: a real Git
 * repository (over {@code git+file://}), the zip, SBOM and provenance in a versioned S3 bucket,
 * the release in SSM, the provenance signed with a KMS ECC_NIST_P256 key (all moto_server, through
 * the real AWS SDK). Verify rebuilds from the recorded commit and names the check that fails.
 */
class TrustEvidenceThroughTheCommandLineAgainstMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "acme-layers";
  private static final String TIMESTAMP = "2024-05-06T07:08:10Z";

  @TempDir Path dir;
  FixtureRepository repo;
  S3Client s3;
  SsmClient ssm;
  KmsClient kms;
  String keyArn;

  @BeforeEach
  void setUp() {
    System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
    s3 = MOTO.client(S3Client.builder().forcePathStyle(true));
    ssm = MOTO.client(SsmClient.builder());
    kms = MOTO.client(KmsClient.builder());
    s3.createBucket(b -> b.bucket(BUCKET));
    s3.putBucketVersioning(b -> b.bucket(BUCKET)
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    keyArn = kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256)
        .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn();
    kms.createAlias(r -> r.aliasName("alias/layerkit-provenance").targetKeyId(keyArn));

    repo = FixtureRepository.init(dir.resolve("repo"))
        .write("layers/requests/python/requests/__init__.py", "def get(url):\n    return url\n")
        .write("layers/requests/python/requests-2.32.3.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: requests\nVersion: 2.32.3\nLicense: Apache-2.0\n")
        .write("layers/requests/nodejs/node_modules/@acme/util/package.json",
            "{\"name\": \"@acme/util\", \"version\": \"1.2.0\", \"license\": \"MIT\"}\n");
    repo.commit("first");
  }

  @AfterEach
  void tearDown() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    s3.close();
    ssm.close();
    kms.close();
  }

  private CliRun publish(String... extra) {
    List<String> args = new ArrayList<>(List.of("publish", "--json",
        "--source", repo.fileSourceUri(), "--ref", "main", "--timestamp", TIMESTAMP,
        "--store", "s3://" + BUCKET + "/layers/", "--registry", "ssm:/layerkit/layers",
        "--endpoint-url", MOTO.endpoint().toString(), "--region", MOTO.region().id()));
    args.addAll(List.of(extra));
    args.add("layers/requests");
    return CliRun.of(args.toArray(String[]::new));
  }

  private CliRun verify(String... extra) {
    List<String> args = new ArrayList<>(List.of("verify", "--registry", "ssm:/layerkit/layers",
        "--endpoint-url", MOTO.endpoint().toString(), "--region", MOTO.region().id()));
    args.addAll(List.of(extra));
    args.add("requests");
    return CliRun.of(args.toArray(String[]::new));
  }

  private byte[] object(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
  }

  private JsonNode release() throws Exception {
    return JSON.readTree(ssm.getParameter(b -> b.name("/layerkit/layers/requests/release"))
        .parameter().value());
  }

  private int objectVersions() {
    return s3.listObjectVersions(b -> b.bucket(BUCKET)).versions().size();
  }

  @Test
  void signedEvidenceIsStoredBesideTheZipNamedInTheReleaseAndReportAndWrittenOnce()
      throws Exception {
    CliRun first = publish("--attestation-key", "alias/layerkit-provenance");

    assertThat(first.exitCode()).as(first.err()).isZero();
    JsonNode pkg = JSON.readTree(first.out()).get("packages").get(0);
    String key = pkg.get("key").asText();
    String stem = key.substring(0, key.length() - ".zip".length());
    assertThat(pkg.get("sbomKey").asText()).isEqualTo(stem + ".cdx.json");
    assertThat(pkg.get("provenanceKey").asText()).isEqualTo(stem + ".intoto.jsonl");
    assertThat(pkg.get("attestationKey").asText()).isEqualTo(keyArn);
    String zipSha = SampleZip.sha256Hex(object(key));
    assertThat(zipSha).isEqualTo(pkg.get("sha256").asText());

    // the SBOM: the layer with its zip's digest and commit, each distribution with its purl
    byte[] sbomBytes = object(stem + ".cdx.json");
    JsonNode sbom = JSON.readTree(sbomBytes);
    JsonNode layer = sbom.get("metadata").get("component");
    assertThat(layer.get("hashes").get(0).get("content").asText()).isEqualTo(zipSha);
    assertThat(layer.get("version").asText()).isEqualTo(repo.head());
    List<String> purls = new ArrayList<>();
    sbom.get("components").forEach(c -> purls.add(c.get("purl").asText()));
    assertThat(purls).containsExactly("pkg:npm/%40acme/util@1.2.0", "pkg:pypi/requests@2.32.3");

    // the provenance: signed by the key (KMS Verify), about this zip, from this commit
    Envelope envelope = Envelope.parseLines(object(stem + ".intoto.jsonl")).get(0);
    assertThat(envelope.signatures()).singleElement()
        .satisfies(s -> assertThat(s.keyid()).isEqualTo(keyArn));
    assertThat(new KmsSignatureVerifier(kms, keyArn)
        .verify(envelope.pae(), envelope.signatures().get(0))).isTrue();
    BuildRecord build = ProvenanceStatement.parse(envelope.payload());
    assertThat(build.subject().name()).isEqualTo(key.substring(key.lastIndexOf('/') + 1));
    assertThat(build.subject().sha256()).isEqualTo(zipSha);
    assertThat(build.source()).isEqualTo(repo.fileSourceUri());
    assertThat(build.ref()).contains("main");
    assertThat(build.packagePath()).isEqualTo("layers/requests");
    assertThat(build.timestamp()).isEqualTo(Instant.parse(TIMESTAMP));
    assertThat(build.repository()).contains(repo.fileSourceUri());
    assertThat(build.commit()).contains(repo.head());
    assertThat(build.builderId()).startsWith("layerkit/");
    assertThat(build.finishedOn()).isAfterOrEqualTo(build.startedOn());
    assertThat(build.byproducts()).singleElement().satisfies(sbomArtifact -> {
      assertThat(sbomArtifact.name()).isEqualTo(stem.substring(stem.lastIndexOf('/') + 1)
          + ".cdx.json");
      assertThat(sbomArtifact.sha256()).isEqualTo(SampleZip.sha256Hex(sbomBytes));
    });

    // the release names both, the key, and what rebuilds the zip
    JsonNode release = release();
    assertThat(release.get("sbomKey").asText()).isEqualTo(stem + ".cdx.json");
    assertThat(release.get("provenanceKey").asText()).isEqualTo(stem + ".intoto.jsonl");
    assertThat(release.get("attestationKey").asText()).isEqualTo(keyArn);
    assertThat(release.get("ref").asText()).isEqualTo("main");
    assertThat(release.get("archiveTimestamp").asText()).isEqualTo(TIMESTAMP);
    assertThat(release.get("signedKey").isNull()).isTrue();

    // unchanged: nothing new anywhere
    int versions = objectVersions();
    CliRun second = publish("--attestation-key", "alias/layerkit-provenance");
    assertThat(second.exitCode()).as(second.err()).isZero();
    JsonNode again = JSON.readTree(second.out()).get("packages").get(0);
    assertThat(again.get("status").asText()).isEqualTo("unchanged");
    assertThat(again.get("sbomKey").asText()).isEqualTo(stem + ".cdx.json");
    assertThat(objectVersions()).isEqualTo(versions);
    assertThat(ssm.getParameter(b -> b.name("/layerkit/layers/requests/release")).parameter()
        .version()).isEqualTo(1L);
  }

  @Test
  void withoutAKeyTheProvenanceIsUnsignedAndSaysSo() throws Exception {
    CliRun run = publish();

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode pkg = JSON.readTree(run.out()).get("packages").get(0);
    assertThat(pkg.get("attestationKey").isNull()).isTrue();
    assertThat(run.err()).contains("provenance unsigned");
    Envelope envelope = Envelope.parseLines(object(pkg.get("provenanceKey").asText())).get(0);
    assertThat(envelope.isSigned()).isFalse();
    assertThat(new String(object(pkg.get("provenanceKey").asText()), StandardCharsets.UTF_8))
        .contains("\"signatures\":[]");
    assertThat(release().get("attestationKey").isNull()).isTrue();

    CliRun verified = verify();
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out()).contains("SKIPPED provenance signature: the provenance is unsigned");
  }

  @Test
  void verifyHoldsOnAFreshSignedRelease() throws Exception {
    assertThat(publish("--attestation-key", "alias/layerkit-provenance").exitCode()).isZero();

    CliRun verified = verify();

    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out().lines().filter(l -> l.startsWith("HOLDS"))).hasSize(5);
    assertThat(verified.out()).contains("HOLDS   provenance signature: signed by KMS key "
        + keyArn);

    CliRun json = verify("--json");
    assertThat(json.exitCode()).isZero();
    JsonNode report = JSON.readTree(json.out());
    assertThat(report.get("ok").asBoolean()).isTrue();
    assertThat(report.get("checks")).hasSize(5);
  }

  @Test
  void verifyChecksAnOlderReleaseByNameAndTheSignatureOfflineWithThePublicKey() throws Exception {
    CliRun first = publish("--attestation-key", "alias/layerkit-provenance");
    String firstKey = JSON.readTree(first.out()).get("packages").get(0).get("key").asText();
    String firstName = firstKey.substring(firstKey.lastIndexOf('/') + 1).replace(".zip", "");
    repo.write("layers/requests/python/requests/__init__.py", "def get(url, timeout=5):\n"
        + "    return url\n");
    repo.commit("second");
    Thread.sleep(1000); // the next release's name holds the second it was made
    assertThat(publish("--attestation-key", "alias/layerkit-provenance").exitCode()).isZero();
    Path publicKey = dir.resolve("key.der");
    java.nio.file.Files.write(publicKey, kms.getPublicKey(r -> r.keyId(keyArn)).publicKey()
        .asByteArray());

    CliRun verified = verify("--release", firstName, "--public-key", publicKey.toString());

    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out()).startsWith("release " + firstName + " of requests")
        .contains("HOLDS   provenance signature: signed by the given public key");

    CliRun unknown = verify("--release", "requests-20000101000000");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("--release requests-20000101000000 is not a release of"
        + " requests in ssm:/layerkit/layers");
  }

  @Test
  void verifyFailsNamingTheStoredZipWhenTheObjectIsReplaced() throws Exception {
    CliRun published = publish("--attestation-key", "alias/layerkit-provenance");
    String key = JSON.readTree(published.out()).get("packages").get(0).get("key").asText();
    s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("not the layer"));

    CliRun verified = verify();

    assertThat(verified.exitCode()).isEqualTo(1);
    assertThat(verified.out()).contains("FAILS   stored zip: stored object sha256 ")
        .contains("HOLDS   rebuilt zip").contains("NOT verified");
  }

  @Test
  void verifyFailsNamingTheSignatureWhenTheProvenanceIsEdited() throws Exception {
    CliRun published = publish("--attestation-key", "alias/layerkit-provenance");
    String provenanceKey =
        JSON.readTree(published.out()).get("packages").get(0).get("provenanceKey").asText();
    ObjectNode envelope = (ObjectNode) JSON.readTree(object(provenanceKey));
    String payload = new String(Base64.getDecoder().decode(envelope.get("payload").asText()),
        StandardCharsets.UTF_8);
    envelope.put("payload", Base64.getEncoder().encodeToString(
        payload.replace("\"path\":\"layers/requests\"", "\"path\":\"layers/other\"")
            .getBytes(StandardCharsets.UTF_8)));
    s3.putObject(b -> b.bucket(BUCKET).key(provenanceKey),
        RequestBody.fromString(JSON.writeValueAsString(envelope) + "\n"));

    CliRun verified = verify();

    assertThat(verified.exitCode()).isEqualTo(1);
    assertThat(verified.out())
        .contains("FAILS   provenance parameters: path is layers/other in the provenance but"
            + " layers/requests in the release")
        .contains("FAILS   provenance signature: no signature verifies with KMS key " + keyArn)
        .contains("HOLDS   stored zip");
  }

  @Test
  void verifyFailsNamingTheRebuildWhenTheRecordedCommitIsChanged() throws Exception {
    String firstCommit = repo.head();
    repo.write("layers/requests/python/requests/__init__.py", "def get(url, timeout=5):\n"
        + "    return url\n");
    repo.commit("second");
    assertThat(publish("--attestation-key", "alias/layerkit-provenance").exitCode()).isZero();
    ObjectNode release = (ObjectNode) release();
    release.put("commit", firstCommit);
    ssm.putParameter(b -> b.name("/layerkit/layers/requests/release").type(ParameterType.STRING)
        .overwrite(true).value(release.toString()));

    CliRun verified = verify();

    assertThat(verified.exitCode()).isEqualTo(1);
    assertThat(verified.out())
        .contains("FAILS   rebuilt zip: rebuilt zip sha256 ")
        .contains("FAILS   provenance parameters: commit is " + repo.head()
            + " in the provenance but " + firstCommit + " in the release")
        .contains("HOLDS   stored zip")
        .contains("HOLDS   provenance signature");
  }

  @Test
  void aMalformedAttestationKeyIsRefusedBeforeAnythingIsWritten() {
    CliRun run = publish("--attestation-key", "my key");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--attestation-key 'my key' is not a KMS key");
    assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).isEmpty();
  }
}
