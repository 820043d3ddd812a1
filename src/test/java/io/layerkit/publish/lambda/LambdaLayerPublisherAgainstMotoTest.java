package io.layerkit.publish.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.publish.LayerVersionRequest;
import io.layerkit.publish.PublishException;
import io.layerkit.publish.PublishedLayer;
import io.layerkit.store.ArtifactUpload;
import io.layerkit.store.StoredObject;
import io.layerkit.store.s3.S3ArtifactStore;
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
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;

/** Publishing and sharing layer versions against moto_server, from objects the S3 store put there. */
class LambdaLayerPublisherAgainstMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String BUCKET = "layer-artifacts";
  private static final String ACCOUNT = "210987654321";
  private static final String ORGANIZATION = "o-a1b2c3d4e5";

  @TempDir Path dir;
  private AwsClients clients;
  private LambdaClient lambda;
  private S3ArtifactStore store;
  private LambdaLayerPublisher publisher;

  @BeforeEach
  void setUp() {
    clients = AwsClients.create(new AwsSettings(Optional.of(MOTO.region().id()), Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty()), MOTO.credentials());
    clients.s3().createBucket(b -> b.bucket(BUCKET));
    store = S3ArtifactStore.forUri(clients.s3(), "s3://" + BUCKET + "/layers/");
    lambda = clients.lambda();
    publisher = new LambdaLayerPublisher(lambda, false);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void publishesFromS3AndSharesWithAnAccountAndAnOrganization() throws Exception {
    SampleZip zip = SampleZip.write(dir, "requests.zip", "print('v1')");
    StoredObject stored = stored(zip, "requests-20261123223500.zip");

    PublishedLayer layer = publisher.publish(request(stored, zip, List.of(ACCOUNT, ORGANIZATION)));

    assertThat(layer.version()).isEqualTo(1L);
    assertThat(layer.reused()).isFalse();
    assertThat(layer.layerVersionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:layer:requests:1");
    GetLayerVersionResponse version = lambda.getLayerVersion(b -> b.layerName("requests").versionNumber(1L));
    assertThat(version.content().codeSha256()).isEqualTo(zip.base64Sha256());
    assertThat(version.compatibleRuntimesAsStrings()).containsExactly("python3.12");
    assertThat(version.compatibleArchitecturesAsStrings()).containsExactly("arm64");
    assertThat(version.licenseInfo()).isEqualTo("MIT");
    assertThat(version.description()).isEqualTo("layerkit lambda/layers/requests @0123456789ab sha256:" + zip.sha256().substring(0, 16));
    String policy = lambda.getLayerVersionPolicy(b -> b.layerName("requests").versionNumber(1L)).policy();
    assertThat(policy).contains("\"Sid\": \"layerkit-account-" + ACCOUNT + "\"")
        .contains("\"Principal\": \"" + ACCOUNT + "\"")
        .contains("\"Sid\": \"layerkit-org-" + ORGANIZATION + "\"")
        .contains("\"" + ORGANIZATION + "\"");
  }

  @Test
  void publishingTheSameContentAgainReusesTheVersionWithoutDuplicateGrants() throws Exception {
    SampleZip zip = SampleZip.write(dir, "requests.zip", "print('v1')");
    StoredObject stored = stored(zip, "requests-20261123223500.zip");
    PublishedLayer first = publisher.publish(request(stored, zip, List.of(ACCOUNT, ORGANIZATION)));

    PublishedLayer again = publisher.publish(request(stored, zip, List.of(ACCOUNT, ORGANIZATION)));

    assertThat(again).isEqualTo(new PublishedLayer(first.layerVersionArn(), 1L, true));
    assertThat(versions("requests")).hasSize(1);
    String policy = lambda.getLayerVersionPolicy(b -> b.layerName("requests").versionNumber(1L)).policy();
    // moto accepts a duplicate statement id (real Lambda refuses it): the publisher must not send one
    assertThat(policy.split("layerkit-account-", -1)).hasSize(2);
    assertThat(policy.split("layerkit-org-", -1)).hasSize(2);
  }

  @Test
  void aReusedVersionGetsTheGrantsItLacks() throws Exception {
    SampleZip zip = SampleZip.write(dir, "requests.zip", "print('v1')");
    StoredObject stored = stored(zip, "requests-20261123223500.zip");
    publisher.publish(request(stored, zip, List.of(ACCOUNT)));

    PublishedLayer again = publisher.publish(request(stored, zip, List.of(ACCOUNT, ORGANIZATION)));

    assertThat(again.reused()).isTrue();
    String policy = lambda.getLayerVersionPolicy(b -> b.layerName("requests").versionNumber(1L)).policy();
    assertThat(policy.split("layerkit-account-", -1)).hasSize(2);
    assertThat(policy).contains("layerkit-org-" + ORGANIZATION);
  }

  @Test
  void newContentOrNewRuntimesPublishANewVersion() throws Exception {
    SampleZip v1 = SampleZip.write(dir, "v1.zip", "print('v1')");
    SampleZip v2 = SampleZip.write(dir, "v2.zip", "print('v2')");
    StoredObject first = stored(v1, "requests-20261101000000.zip");
    StoredObject second = stored(v2, "requests-20261102000000.zip");
    publisher.publish(request(first, v1, List.of()));

    PublishedLayer changed = publisher.publish(request(second, v2, List.of()));
    PublishedLayer moreRuntimes = publisher.publish(new LayerVersionRequest("requests", second, v2.sha256(),
        "layerkit", List.of("python3.12", "python3.13"), List.of("arm64"), "MIT", List.of()));

    assertThat(changed.version()).isEqualTo(2L);
    assertThat(changed.reused()).isFalse();
    assertThat(moreRuntimes.version()).isEqualTo(3L);
    assertThat(versions("requests")).hasSize(3);
  }

  @Test
  void publishesAZipFromAFileStoreInline() throws Exception {
    SampleZip zip = SampleZip.write(dir, "requests.zip", "print('v1')");
    StoredObject local = new StoredObject("requests/requests-20261123223500.zip", zip.file().toUri().toString(),
        zip.size(), zip.sha256(), Optional.empty());

    PublishedLayer layer = publisher.publish(request(local, zip, List.of()));

    assertThat(layer.version()).isEqualTo(1L);
    assertThat(lambda.getLayerVersion(b -> b.layerName("requests").versionNumber(1L)).content().codeSha256())
        .isEqualTo(zip.base64Sha256());
  }

  @Test
  void aRefusedPublishIsOneLineAndLeavesNoVersion() throws Exception {
    SampleZip zip = SampleZip.write(dir, "requests.zip", "print('v1')");
    StoredObject elsewhere = new StoredObject("layers/requests/requests-20261123223500.zip",
        "s3://no-such-bucket/layers/requests/requests-20261123223500.zip", zip.size(), zip.sha256(), Optional.empty());

    assertThatThrownBy(() -> publisher.publish(request(elsewhere, zip, List.of(ACCOUNT))))
        .isInstanceOf(PublishException.class)
        .hasMessage("layer requests: Lambda refused PublishLayerVersion from "
            + "s3://no-such-bucket/layers/requests/requests-20261123223500.zip: Error occurred while GetObject. "
            + "S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist "
            + "(InvalidParameterValueException)");
    assertThat(versions("requests")).isEmpty();
  }

  @Test
  void aVersionWhoseCodeSha256DiffersIsDeletedAndRefused() throws Exception {
    // moto publishes a missing key as an empty layer (real Lambda refuses it): the digest check catches both
    SampleZip zip = SampleZip.write(dir, "requests.zip", "print('v1')");
    StoredObject missing = new StoredObject("layers/requests/requests-20261123223500.zip",
        "s3://" + BUCKET + "/layers/requests/requests-20261123223500.zip", zip.size(), zip.sha256(), Optional.empty());

    assertThatThrownBy(() -> publisher.publish(request(missing, zip, List.of(ACCOUNT))))
        .isInstanceOf(PublishException.class)
        .hasMessage("layer requests version 1: Lambda reports CodeSha256 (none) but the zip's is " + zip.base64Sha256()
            + ": the stored object s3://layer-artifacts/layers/requests/requests-20261123223500.zip is not the zip "
            + "that was built; the version was deleted");
    assertThat(versions("requests")).isEmpty();
  }

  @Test
  void badLayerNamesAndShareTargetsAreRefusedBeforeAnyCall() throws Exception {
    SampleZip zip = SampleZip.write(dir, "requests.zip", "print('v1')");
    StoredObject stored = stored(zip, "requests-20261123223500.zip");

    assertThatThrownBy(() -> publisher.publish(new LayerVersionRequest("my layer", stored, zip.sha256(), "d",
        List.of(), List.of(), null, List.of())))
        .isInstanceOf(PublishException.class)
        .hasMessage("layer name 'my layer' is not valid for Lambda (1-64 letters, digits, '-' or '_'): "
            + "name the package in the config");
    assertThatThrownBy(() -> publisher.publish(request(stored, zip, List.of("*"))))
        .isInstanceOf(PublishException.class)
        .hasMessageStartingWith("--share * would make the layer usable by every AWS account: pass --allow-public");
    assertThatThrownBy(() -> publisher.publish(request(stored, zip, List.of("1234"))))
        .isInstanceOf(PublishException.class)
        .hasMessageStartingWith("--share 1234 is not an account id (12 digits)");
    assertThat(versions("requests")).isEmpty();
  }

  @Test
  void publicSharingWorksOnlyWhenAllowed() throws Exception {
    SampleZip zip = SampleZip.write(dir, "requests.zip", "print('v1')");
    StoredObject stored = stored(zip, "requests-20261123223500.zip");

    new LambdaLayerPublisher(lambda, true).publish(request(stored, zip, List.of("*")));

    String policy = lambda.getLayerVersionPolicy(b -> b.layerName("requests").versionNumber(1L)).policy();
    assertThat(policy).contains("\"Sid\": \"layerkit-public\"").contains("\"Principal\": \"*\"");
  }

  private List<LayerVersionsListItem> versions(String layer) {
    return lambda.listLayerVersions(b -> b.layerName(layer)).layerVersions();
  }

  private StoredObject stored(SampleZip zip, String name) throws Exception {
    return store.put(new ArtifactUpload("requests", name, zip.file(), zip.sha256(), zip.size(), Map.of()));
  }

  private static LayerVersionRequest request(StoredObject object, SampleZip zip, List<String> share) {
    return new LayerVersionRequest("requests", object, zip.sha256(),
        "layerkit lambda/layers/requests @0123456789ab sha256:" + zip.sha256().substring(0, 16),
        List.of("python3.12"), List.of("arm64"), "MIT", share);
  }
}
