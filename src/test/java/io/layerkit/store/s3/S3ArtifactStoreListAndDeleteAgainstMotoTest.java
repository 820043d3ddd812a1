package io.layerkit.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.store.ArtifactUpload;
import io.layerkit.store.StoredObject;
import io.layerkit.testing.MotoServer;
import io.layerkit.testing.SampleZip;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** What retention asks of the S3 store, against moto_server: list a package's zips, delete one for good. */
class S3ArtifactStoreListAndDeleteAgainstMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  private static final String BUCKET = "acme-layers";

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
    store = S3ArtifactStore.forUri(s3, "s3://" + BUCKET + "/layers/");
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  private StoredObject put(String name, String content) throws Exception {
    SampleZip zip = SampleZip.write(dir, name, content);
    return store.put(new ArtifactUpload("requests", name, zip.file(), zip.sha256(), zip.size(), Map.of()));
  }

  @Test
  void listsOnlyThePackagesZipsOldestFirstWithTheirSha256() throws Exception {
    StoredObject newer = put("requests-20261123223500.zip", "two");
    StoredObject older = put("requests-20250101000000.zip", "one");
    s3.putObject(b -> b.bucket(BUCKET).key(older.key() + ".cdx.json"), RequestBody.fromString("{}"));
    s3.putObject(b -> b.bucket(BUCKET).key("layers/requests/notes.txt"), RequestBody.fromString("x"));
    s3.putObject(b -> b.bucket(BUCKET).key("layers/requests-extra/requests-20250101000000.zip"),
        RequestBody.fromString("x"));

    List<StoredObject> listed = store.list("requests");

    assertThat(listed).extracting(StoredObject::key).containsExactly(older.key(), newer.key());
    assertThat(listed).extracting(StoredObject::sha256).containsExactly(older.sha256(), newer.sha256());
  }

  @Test
  void deletingAZipRemovesEveryVersionOfItAndItsCompanionsButNothingElse() throws Exception {
    s3.putBucketVersioning(b -> b.bucket(BUCKET)
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    StoredObject doomed = put("requests-20250101000000.zip", "one");
    StoredObject kept = put("requests-20250102000000.zip", "two");
    s3.putObject(b -> b.bucket(BUCKET).key(doomed.key() + ".cdx.json"), RequestBody.fromString("{}"));
    s3.putObject(b -> b.bucket(BUCKET).key(doomed.key() + ".cdx.json"), RequestBody.fromString("{ }"));
    s3.putObject(b -> b.bucket(BUCKET).key(kept.key() + ".intoto.jsonl"), RequestBody.fromString("{}"));
    // the SBOM and provenance as publish names them: the zip's name without .zip
    String stem = doomed.key().substring(0, doomed.key().length() - ".zip".length());
    s3.putObject(b -> b.bucket(BUCKET).key(stem + ".cdx.json"), RequestBody.fromString("{}"));
    s3.putObject(b -> b.bucket(BUCKET).key(stem + ".intoto.jsonl"), RequestBody.fromString("{}"));

    store.delete(doomed);

    List<String> remaining = s3.listObjectVersions(b -> b.bucket(BUCKET)).versions().stream()
        .map(v -> v.key()).sorted().toList();
    assertThat(remaining).containsExactly(kept.key(), kept.key() + ".intoto.jsonl");
    assertThat(s3.listObjectVersions(b -> b.bucket(BUCKET)).deleteMarkers()).isEmpty();
  }

  @Test
  void deletingInAnUnversionedBucketRemovesTheZipAndItsCompanions() throws Exception {
    StoredObject doomed = put("requests-20250101000000.zip", "one");
    s3.putObject(b -> b.bucket(BUCKET).key(doomed.key() + ".cdx.json"), RequestBody.fromString("{}"));

    store.delete(doomed);

    assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).isEmpty();
  }
}
