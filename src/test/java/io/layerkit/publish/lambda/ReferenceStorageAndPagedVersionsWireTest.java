package io.layerkit.publish.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.publish.LayerVersionRequest;
import io.layerkit.publish.PublishException;
import io.layerkit.publish.PublishedLayer;
import io.layerkit.publish.StorageMode;
import io.layerkit.store.StoredObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What moto's Lambda does not have, against WireMock answering as the API reference shows:
 * PublishLayerVersion with {@code S3ObjectStorageMode: REFERENCE} (the request's Content names
 * bucket, key, object version and the mode; the version answers with ResolvedS3Object), and
 * ListLayerVersions pages ({@code NextMarker}, then {@code ?Marker=}): the latest version is
 * found on whichever page it is.
 */
class ReferenceStorageAndPagedVersionsWireTest {
  @RegisterExtension
  static final WireMockExtension LAMBDA = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
      .build();

  private static final String SHA256 = "88cc704c3d85467ead9ca51ae77d50d1c53c3023f0b08571e9cb98905edba5f9";
  private static final String CODE_SHA256 = "iMxwTD2FRn6tnKUa531Q0cU8MCPwsIVx6cuYkF7bpfk=";
  private static final String VERSIONS = "/2018-10-31/layers/requests/versions";
  private static final String OBJECT_VERSION = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY";
  private static final String BUCKET = "acme-layers-eu-west-1";
  private static final String KEY = "layers/requests/requests-20261123223500.zip";

  private AwsClients clients;
  private LambdaLayerPublisher publisher;

  @BeforeEach
  void setUp() {
    clients = AwsClients.create(new AwsSettings(Optional.of("eu-west-1"), Optional.empty(),
        Optional.of(LAMBDA.baseUrl()), Optional.empty()),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
    publisher = new LambdaLayerPublisher(clients.lambda(), false);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void aReferencePublishNamesTheObjectVersionAndTheStorageMode() throws Exception {
    LAMBDA.stubFor(get(urlPathEqualTo(VERSIONS)).willReturn(json(200, "{\"LayerVersions\":[]}")));
    LAMBDA.stubFor(post(urlPathEqualTo(VERSIONS)).willReturn(json(201, referencingVersion(1, OBJECT_VERSION))));

    PublishedLayer layer = publisher.publish(request(StorageMode.REFERENCE, Optional.of(OBJECT_VERSION)));

    assertThat(layer).isEqualTo(new PublishedLayer(arn(1), 1L, false));
    LAMBDA.verify(1, postRequestedFor(urlPathEqualTo(VERSIONS)).withRequestBody(equalToJson("""
        {"Content":{"S3Bucket":"acme-layers-eu-west-1","S3Key":"layers/requests/requests-20261123223500.zip",
                    "S3ObjectVersion":"3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY","S3ObjectStorageMode":"REFERENCE"},
         "Description":"layerkit layers/requests","CompatibleRuntimes":["python3.12"],
         "CompatibleArchitectures":["arm64"],"LicenseInfo":"MIT"}
        """)));
  }

  @Test
  void aReferenceWithoutAnObjectVersionIsRefusedBeforeLambdaIsAsked() {
    LAMBDA.stubFor(get(urlPathEqualTo(VERSIONS)).willReturn(json(200, "{\"LayerVersions\":[]}")));

    assertThatThrownBy(() -> publisher.publish(request(StorageMode.REFERENCE, Optional.empty())))
        .isInstanceOf(PublishException.class)
        .hasMessage("layer requests: s3://acme-layers-eu-west-1/" + KEY + " has no object version,"
            + " which --storage reference needs: enable versioning on bucket acme-layers-eu-west-1");
    LAMBDA.verify(0, postRequestedFor(urlPathEqualTo(VERSIONS)));
  }

  @Test
  void theLatestVersionOnTheSecondPageIsReusedWhenItReferencesTheSameObjectVersion() throws Exception {
    LAMBDA.stubFor(get(urlPathEqualTo(VERSIONS)).withQueryParam("Marker", absent())
        .willReturn(json(200, page(List.of(3, 2), "Mg==")))); // a marker as Lambda sends it: opaque
    LAMBDA.stubFor(get(urlPathEqualTo(VERSIONS)).withQueryParam("Marker", equalTo("Mg=="))
        .willReturn(json(200, page(List.of(9), null))));
    LAMBDA.stubFor(get(urlPathEqualTo(VERSIONS + "/9")).willReturn(json(200, referencingVersion(9, OBJECT_VERSION))));
    LAMBDA.stubFor(get(urlPathEqualTo(VERSIONS + "/9/policy")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
        .withBody("{\"Type\":\"User\",\"message\":\"No policy is associated with the given resource.\"}")));

    PublishedLayer layer = publisher.publish(request(StorageMode.REFERENCE, Optional.of(OBJECT_VERSION)));

    assertThat(layer).isEqualTo(new PublishedLayer(arn(9), 9L, true));
    LAMBDA.verify(2, getRequestedFor(urlPathEqualTo(VERSIONS)));
    LAMBDA.verify(0, postRequestedFor(urlPathEqualTo(VERSIONS)));
  }

  @Test
  void aVersionThatReferencesAnotherObjectVersionOrCopiedItsCodeIsNotReused() throws Exception {
    LAMBDA.stubFor(get(urlPathEqualTo(VERSIONS)).willReturn(json(200, page(List.of(4), null))));
    LAMBDA.stubFor(get(urlPathEqualTo(VERSIONS + "/4")).willReturn(json(200, referencingVersion(4, "older"))));
    LAMBDA.stubFor(post(urlPathEqualTo(VERSIONS)).willReturn(json(201, referencingVersion(5, OBJECT_VERSION))));

    PublishedLayer layer = publisher.publish(request(StorageMode.REFERENCE, Optional.of(OBJECT_VERSION)));
    PublishedLayer copied = publisher.publish(request(StorageMode.COPY, Optional.of(OBJECT_VERSION)));

    assertThat(layer.reused()).isFalse();
    assertThat(copied.reused()).as("a referencing version is no copy").isFalse();
    LAMBDA.verify(2, postRequestedFor(urlPathEqualTo(VERSIONS)));
  }

  private static String arn(int version) {
    return "arn:aws:lambda:eu-west-1:123456789012:layer:requests:" + version;
  }

  /** A ListLayerVersions page, newest first as Lambda lists them. */
  private static String page(List<Integer> versions, String nextMarker) {
    StringBuilder items = new StringBuilder();
    for (int v : versions) {
      items.append(items.isEmpty() ? "" : ",").append("""
          {"LayerVersionArn":"%s","Version":%d,"Description":"layerkit layers/requests","CreatedDate":"2026-11-23T22:35:00.000+0000","CompatibleRuntimes":["python3.12"],"LicenseInfo":"MIT","CompatibleArchitectures":["arm64"]}
          """.formatted(arn(v), v).strip());
    }
    return "{" + (nextMarker == null ? "" : "\"NextMarker\":\"" + nextMarker + "\",")
        + "\"LayerVersions\":[" + items + "]}";
  }

  /** GetLayerVersion (and PublishLayerVersion) of a version that reads its code in place. */
  private static String referencingVersion(int version, String objectVersion) {
    return """
        {"Content":{"Location":"https://acme-layers-eu-west-1.s3.eu-west-1.amazonaws.com/%s","CodeSha256":"%s","CodeSize":159,
                    "ResolvedS3Object":{"S3Bucket":"%s","S3Key":"%s","S3ObjectVersion":"%s"}},
         "LayerArn":"arn:aws:lambda:eu-west-1:123456789012:layer:requests","LayerVersionArn":"%s",
         "Description":"layerkit layers/requests","CreatedDate":"2026-11-23T22:35:00.000+0000","Version":%d,
         "CompatibleRuntimes":["python3.12"],"LicenseInfo":"MIT","CompatibleArchitectures":["arm64"]}
        """.formatted(KEY, CODE_SHA256, BUCKET, KEY, objectVersion, arn(version), version);
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  private static LayerVersionRequest request(StorageMode storage, Optional<String> objectVersion) {
    StoredObject object = new StoredObject(KEY, "s3://" + BUCKET + "/" + KEY, 159, SHA256, objectVersion);
    return new LayerVersionRequest("requests", object, SHA256, "layerkit layers/requests",
        List.of("python3.12"), List.of("arm64"), "MIT", List.of(), storage);
  }
}
