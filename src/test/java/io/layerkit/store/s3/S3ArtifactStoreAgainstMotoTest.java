package io.layerkit.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.store.ArtifactUpload;
import io.layerkit.store.StoreException;
import io.layerkit.store.StoredObject;
import io.layerkit.testing.MotoServer;
import io.layerkit.testing.SampleZip;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The S3 store against moto_server through the real SDK. */
class S3ArtifactStoreAgainstMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String BUCKET = "layer-artifacts";

  @TempDir Path dir;
  private AwsClients clients;
  private S3Client s3;
  private S3ArtifactStore store;

  @BeforeEach
  void setUp() {
    clients = AwsClients.create(new AwsSettings(Optional.of(MOTO.region().id()), Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty()), MOTO.credentials());
    s3 = clients.s3();
    s3.createBucket(b -> b.bucket(BUCKET));
    store = S3ArtifactStore.forUri(s3, "s3://" + BUCKET + "/layers");
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void putStoresOneObjectWhoseBytesAndChecksumEqualTheDigest() throws Exception {
    SampleZip zip = SampleZip.write(dir, "requests.zip", "print('v1')");

    StoredObject stored = store.put(upload("requests", "requests-20261123223500.zip", zip));

    assertThat(stored.key()).isEqualTo("layers/requests/requests-20261123223500.zip");
    assertThat(stored.location()).isEqualTo("s3://layer-artifacts/layers/requests/requests-20261123223500.zip");
    assertThat(stored.size()).isEqualTo(zip.size());
    assertThat(stored.sha256()).isEqualTo(zip.sha256());
    assertThat(stored.versionId()).isEmpty();

    ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(stored.key()));
    assertThat(SampleZip.sha256Hex(bytes.asByteArray())).isEqualTo(zip.sha256());
    HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key(stored.key()).checksumMode(ChecksumMode.ENABLED));
    assertThat(head.checksumSHA256()).isEqualTo(zip.base64Sha256());
    assertThat(head.contentType()).isEqualTo("application/zip");
    assertThat(head.eTag()).as("one PUT, not multipart").doesNotContain("-");
    assertThat(head.metadata()).containsEntry("sha256", zip.sha256())
        .containsEntry("package", "requests")
        .containsEntry("commit", "0123456789abcdef0123456789abcdef01234567")
        .containsEntry("source", "bitbucket://acme/layers")
        .containsEntry("content-digest", "cd-1");
  }

  @Test
  void anExistingObjectIsNeverOverwritten() throws Exception {
    SampleZip first = SampleZip.write(dir, "first.zip", "print('first')");
    SampleZip second = SampleZip.write(dir, "second.zip", "print('second')");
    StoredObject stored = store.put(upload("requests", "requests-20261123223500.zip", first));

    assertThatThrownBy(() -> store.put(upload("requests", "requests-20261123223500.zip", second)))
        .isInstanceOf(StoreException.class)
        .hasMessage("s3://layer-artifacts/layers/requests/requests-20261123223500.zip: an object with other content "
            + "already exists at this key and is never overwritten: run again (the next run uses a new timestamp) "
            + "or remove it");

    byte[] kept = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(stored.key())).asByteArray();
    assertThat(SampleZip.sha256Hex(kept)).isEqualTo(first.sha256());
  }

  @Test
  void puttingTheSameZipAgainAtTheSameKeyConfirmsTheExistingObject() throws Exception {
    SampleZip zip = SampleZip.write(dir, "requests.zip", "print('v1')");
    StoredObject first = store.put(upload("requests", "requests-20261123223500.zip", zip));

    StoredObject again = store.put(upload("requests", "requests-20261123223500.zip", zip));

    assertThat(again).isEqualTo(first);
    assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).hasSize(1);
  }

  @Test
  void findBySha256ReturnsTheStoredObjectOfThatContentOnly() throws Exception {
    SampleZip v1 = SampleZip.write(dir, "v1.zip", "print('v1')");
    SampleZip v2 = SampleZip.write(dir, "v2.zip", "print('v2')");
    StoredObject old = store.put(upload("requests", "requests-20261101000000.zip", v1));
    StoredObject newer = store.put(upload("requests", "requests-20261102000000.zip", v2));
    // an object of another package with the same content must not be handed out for this one
    store.put(upload("boto", "boto-20261103000000.zip", v1));

    assertThat(store.findBySha256("requests", v1.sha256())).contains(old);
    assertThat(store.findBySha256("requests", v2.sha256())).contains(newer);
    assertThat(store.findBySha256("requests", "0".repeat(64))).isEmpty();
    assertThat(store.findBySha256("numpy", v1.sha256())).isEmpty();
  }

  @Test
  void findBySha256LooksOnlyAtTheNewestObjects() throws Exception {
    SampleZip oldest = SampleZip.write(dir, "oldest.zip", "print('oldest')");
    store.put(upload("requests", "requests-20260101000000.zip", oldest));
    for (int i = 0; i < S3ArtifactStore.MAX_REUSE_CANDIDATES; i++) {
      SampleZip zip = SampleZip.write(dir, "v" + i + ".zip", "print(" + i + ")");
      store.put(upload("requests", String.format("requests-202602%02d000000.zip", i + 1), zip));
    }

    assertThat(store.findBySha256("requests", oldest.sha256()))
        .as("bounded cost: older than the newest %d objects is not searched", S3ArtifactStore.MAX_REUSE_CANDIDATES)
        .isEmpty();
  }

  @Test
  void aVersionedBucketReportsTheObjectVersion() throws Exception {
    s3.putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    SampleZip zip = SampleZip.write(dir, "requests.zip", "print('v1')");

    StoredObject stored = store.put(upload("requests", "requests-20261123223500.zip", zip));

    assertThat(stored.versionId()).isPresent();
    assertThat(stored.versionId().get())
        .isEqualTo(s3.headObject(b -> b.bucket(BUCKET).key(stored.key())).versionId());
  }

  @Test
  void aMissingBucketIsOneLineNamingTheBucket() throws Exception {
    S3ArtifactStore missing = S3ArtifactStore.forUri(s3, "s3://no-such-bucket/layers/");
    SampleZip zip = SampleZip.write(dir, "requests.zip", "print('v1')");
    String expected = "bucket no-such-bucket does not exist: create it or fix --store"
        + " (s3://no-such-bucket/layers/)";

    assertThatThrownBy(() -> missing.put(upload("requests", "requests-20261123223500.zip", zip)))
        .isInstanceOf(StoreException.class).hasMessage(expected);
    assertThatThrownBy(() -> missing.findBySha256("requests", zip.sha256()))
        .isInstanceOf(StoreException.class).hasMessage(expected);
  }

  @Test
  void aZipThatChangedAfterArchivingIsNotUploaded() throws Exception {
    SampleZip zip = SampleZip.write(dir, "requests.zip", "print('v1')");
    ArtifactUpload wrongSize = new ArtifactUpload("requests", "requests-20261123223500.zip", zip.file(),
        zip.sha256(), zip.size() + 1, Map.of());

    assertThatThrownBy(() -> store.put(wrongSize))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("changed after archiving");
    assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).isEmpty();
  }

  @Test
  void documentsBesideAZipAreConfirmedReadBackAndTheObjectIsHashedAsServedNow() throws Exception {
    SampleZip zip = SampleZip.write(dir, "requests.zip", "print('v1')");
    StoredObject stored = store.put(upload("requests", "requests-20261123223500.zip", zip));
    byte[] sbom = "{\"bomFormat\":\"CycloneDX\"}\n".getBytes(StandardCharsets.UTF_8);

    StoredObject document = store.putDocument("layers/requests/requests-20261123223500.cdx.json",
        sbom, "application/vnd.cyclonedx+json");

    assertThat(document.sha256()).isEqualTo(SampleZip.sha256Hex(sbom));
    assertThat(s3.headObject(b -> b.bucket(BUCKET).key(document.key())).contentType())
        .isEqualTo("application/vnd.cyclonedx+json");
    assertThat(store.readDocument(document.key(), 1024)).hasValueSatisfying(
        bytes -> assertThat(bytes).isEqualTo(sbom));
    assertThatThrownBy(() -> store.readDocument(document.key(), 8))
        .isInstanceOf(StoreException.class).hasMessageContaining("is larger than 8 bytes");
    assertThat(store.readDocument("layers/requests/missing.intoto.jsonl", 1024)).isEmpty();

    assertThat(store.hashObject(stored.key()).orElseThrow().sha256()).isEqualTo(zip.sha256());
    s3.putObject(b -> b.bucket(BUCKET).key(stored.key()), RequestBody.fromString("replaced"));
    assertThat(store.hashObject(stored.key()).orElseThrow().sha256())
        .isEqualTo(SampleZip.sha256Hex("replaced".getBytes(StandardCharsets.UTF_8)));
    assertThat(store.hashObject("layers/requests/missing.zip")).isEmpty();
  }

  private static ArtifactUpload upload(String packageName, String name, SampleZip zip) {
    return new ArtifactUpload(packageName, name, zip.file(), zip.sha256(), zip.size(), Map.of(
        "commit", "0123456789abcdef0123456789abcdef01234567",
        "source", "bitbucket://acme/layers",
        "content-digest", "cd-1"));
  }
}
