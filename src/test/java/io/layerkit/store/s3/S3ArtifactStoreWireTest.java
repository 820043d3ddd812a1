package io.layerkit.store.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.store.ArtifactUpload;
import io.layerkit.store.StoreException;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What moto cannot show: the exact PutObject on the wire, and what happens when S3 confirms
 * something other than what was sent (moto never rejects or alters a checksum). WireMock answers
 * with the shapes real S3 uses.
 */
class S3ArtifactStoreWireTest {
  @RegisterExtension
  static final WireMockExtension S3 = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
      .build();

  private static final String KEY_PATH = "/layer-artifacts/layers/requests/requests-20261123223500.zip";

  @TempDir Path dir;
  private AwsClients clients;
  private S3ArtifactStore store;
  private SampleZip zip;

  @BeforeEach
  void setUp() throws Exception {
    clients = AwsClients.create(new AwsSettings(Optional.of("eu-west-1"), Optional.empty(),
        Optional.of(S3.baseUrl()), Optional.empty()),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
    store = S3ArtifactStore.forUri(clients.s3(), "s3://layer-artifacts/layers/");
    zip = SampleZip.write(dir, "requests.zip", "print('v1')");
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void theUploadIsOnePathStylePutWithTheLocalChecksumAndNoOverwrite() throws Exception {
    S3.stubFor(put(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"6805f2cfc46c0f04559748bb039d69ae\"")
        .withHeader("x-amz-checksum-sha256", zip.base64Sha256())));
    S3.stubFor(head(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Length", Long.toString(zip.size()))
        .withHeader("ETag", "\"6805f2cfc46c0f04559748bb039d69ae\"")
        .withHeader("x-amz-checksum-sha256", zip.base64Sha256())
        .withHeader("x-amz-checksum-type", "FULL_OBJECT")));

    store.put(upload());

    List<LoggedRequest> puts = S3.findAll(putRequestedFor(urlPathEqualTo(KEY_PATH)));
    assertThat(puts).hasSize(1);
    LoggedRequest request = puts.get(0);
    assertThat(request.getUrl()).isEqualTo(KEY_PATH);
    assertThat(request.getHeader("If-None-Match")).isEqualTo("*");
    assertThat(request.getHeader("x-amz-checksum-sha256")).isEqualTo(zip.base64Sha256());
    assertThat(request.getHeader("x-amz-sdk-checksum-algorithm")).isEqualTo("SHA256");
    assertThat(request.getHeader("Content-Type")).isEqualTo("application/zip");
    assertThat(request.getHeader("x-amz-meta-sha256")).isEqualTo(zip.sha256());
    assertThat(request.getHeader("x-amz-meta-commit")).isEqualTo("0123456789abcdef0123456789abcdef01234567");
    assertThat(request.containsHeader("x-amz-checksum-crc32")).as("no second, SDK-chosen checksum").isFalse();
    assertThat(request.getHeader("x-amz-decoded-content-length")).isEqualTo(Long.toString(zip.size()));
    assertThat(SampleZip.sha256Hex(awsChunkedPayload(request.getBody()))).isEqualTo(zip.sha256());
    S3.verify(0, deleteRequestedFor(urlPathEqualTo(KEY_PATH)));
  }

  @Test
  void anObjectWhoseChecksumS3ReportsDifferentlyIsDeletedAndRefused() throws Exception {
    String other = SampleZip.write(dir, "other.zip", "print('other')").base64Sha256();
    S3.stubFor(put(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(200)
        .withHeader("x-amz-version-id", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")));
    S3.stubFor(head(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Length", Long.toString(zip.size()))
        .withHeader("x-amz-version-id", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")
        .withHeader("x-amz-checksum-sha256", other)));
    S3.stubFor(delete(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(204)));

    assertThatThrownBy(() -> store.put(upload()))
        .isInstanceOf(StoreException.class)
        .hasMessage("s3://layer-artifacts" + KEY_PATH.substring("/layer-artifacts".length())
            + ": S3 reports SHA-256 " + other + ", expected " + zip.base64Sha256() + "; the object was removed");

    S3.verify(deleteRequestedFor(urlEqualTo(KEY_PATH + "?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")));
  }

  @Test
  void aStoreThatKeepsNoChecksumCannotConfirmTheUpload() throws Exception {
    S3.stubFor(put(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(200)));
    S3.stubFor(head(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Length", Long.toString(zip.size()))));
    S3.stubFor(delete(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(204)));

    assertThatThrownBy(() -> store.put(upload()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("the store returned no SHA-256 checksum, so the upload cannot be confirmed")
        .hasMessageEndingWith("the object was removed");
    S3.verify(deleteRequestedFor(urlEqualTo(KEY_PATH)).withQueryParam("versionId", absent()));
  }

  @Test
  void aBadDigestRejectionIsOneLine() throws Exception {
    S3.stubFor(put(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/xml")
        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>BadDigest</Code>"
            + "<Message>The SHA256 you specified did not match the calculated checksum.</Message>"
            + "<RequestId>4442587FB7D0A2F9</RequestId><HostId>h</HostId></Error>")));

    assertThatThrownBy(() -> store.put(upload()))
        .isInstanceOf(StoreException.class)
        .hasMessage("cannot upload to s3://layer-artifacts/layers/requests/requests-20261123223500.zip: "
            + "The SHA256 you specified did not match the calculated checksum. (BadDigest, HTTP 400)");
    S3.verify(0, deleteRequestedFor(urlPathEqualTo(KEY_PATH)));
    S3.verify(putRequestedFor(urlPathEqualTo(KEY_PATH)).withHeader("If-None-Match", equalTo("*")));
  }

  private static String s3Error(String code, String message, String extra) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
        + message + "</Message>" + extra + "<RequestId>4442587FB7D0A2F9</RequestId>"
        + "<HostId>h0st</HostId></Error>";
  }

  private static void putAnswers(int status, String body, String... headers) {
    var response = aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
        .withBody(body);
    for (int i = 0; i < headers.length; i += 2) {
      response = response.withHeader(headers[i], headers[i + 1]);
    }
    S3.stubFor(put(urlPathEqualTo(KEY_PATH)).willReturn(response));
  }

  @Test
  void aMissingBucketIsNamedAsMissing() {
    putAnswers(404, s3Error("NoSuchBucket", "The specified bucket does not exist",
        "<BucketName>layer-artifacts</BucketName>"));

    assertThatThrownBy(() -> store.put(upload()))
        .isInstanceOf(StoreException.class)
        .hasMessage("bucket layer-artifacts does not exist: create it or fix --store"
            + " (s3://layer-artifacts/layers/)");
  }

  @Test
  void aDeniedUploadNamesThePermissionNotAMissingBucket() {
    putAnswers(403, s3Error("AccessDenied", "User: arn:aws:sts::123456789012:assumed-role/ci/x"
        + " is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::layer-artifacts"
        + "/layers/requests/requests-20261123223500.zip\" because no identity-based policy allows"
        + " the s3:PutObject action", ""));

    assertThatThrownBy(() -> store.put(upload()))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("access denied to upload to s3://layer-artifacts/layers/requests/"
            + "requests-20261123223500.zip: layerkit needs s3:PutObject on s3://layer-artifacts/"
            + "layers/ (S3 said: User: arn:aws:sts::123456789012:assumed-role/ci/x is not")
        .hasMessageNotContaining("does not exist");
  }

  @Test
  void aDeniedListingNamesListBucket() {
    S3.stubFor(get(urlPathEqualTo("/layer-artifacts")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/xml")
        .withBody(s3Error("AccessDenied", "Access Denied", ""))));

    assertThatThrownBy(() -> store.findBySha256("requests", zip.sha256()))
        .isInstanceOf(StoreException.class)
        .hasMessage("access denied to list s3://layer-artifacts/layers/requests/: layerkit needs"
            + " s3:ListBucket on s3://layer-artifacts/layers/ (S3 said: Access Denied)");
  }

  @Test
  void aKmsKeyThatRefusesIsNamedWithItsPermissions() {
    putAnswers(403, s3Error("AccessDenied", "User: arn:aws:sts::123456789012:assumed-role/ci/x"
        + " is not authorized to perform: kms:GenerateDataKey on resource: arn:aws:kms:eu-west-1:"
        + "123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab because no identity-based policy"
        + " allows the kms:GenerateDataKey action", ""));

    assertThatThrownBy(() -> store.put(upload()))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("the KMS key that encrypts s3://layer-artifacts/layers/ refused"
            + " to upload to s3://layer-artifacts/layers/requests/requests-20261123223500.zip:"
            + " layerkit needs kms:GenerateDataKey and kms:Decrypt on it (S3 said: User:")
        .hasMessageNotContaining("does not exist");
  }

  @Test
  void aBucketInAnotherRegionIsNamedWithItsRegion() {
    putAnswers(301, s3Error("PermanentRedirect", "The bucket you are attempting to access must be"
        + " addressed using the specified endpoint. Please send all future requests to this"
        + " endpoint.", "<Endpoint>layer-artifacts.s3.us-east-2.amazonaws.com</Endpoint>"
        + "<Bucket>layer-artifacts</Bucket>"), "x-amz-bucket-region", "us-east-2");

    assertThatThrownBy(() -> store.put(upload()))
        .isInstanceOf(StoreException.class)
        .hasMessage("bucket layer-artifacts is in region us-east-2, not eu-west-1: pass"
            + " --region us-east-2");
  }

  /**
   * The payload of a SigV4 streaming body over plain HTTP ({@code <hex size>;chunk-signature=...\r\n
   * <bytes>\r\n}, ending with a zero-size chunk).
   */
  private static byte[] awsChunkedPayload(byte[] body) {
    java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd = indexOfCrLf(body, at);
      String header = new String(body, at, lineEnd - at, java.nio.charset.StandardCharsets.US_ASCII);
      int size = Integer.parseInt(header.substring(0, header.indexOf(';')), 16);
      if (size == 0) {
        return payload.toByteArray();
      }
      payload.write(body, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
  }

  private static int indexOfCrLf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length - 1; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalArgumentException("not an aws-chunked body");
  }

  private ArtifactUpload upload() {
    return new ArtifactUpload("requests", "requests-20261123223500.zip", zip.file(), zip.sha256(), zip.size(),
        Map.of("commit", "0123456789abcdef0123456789abcdef01234567"));
  }
}
