package io.layerkit.publish.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.publish.LayerVersionRequest;
import io.layerkit.publish.PublishedLayer;
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
 * The Lambda behaviours moto does not reproduce, against WireMock answering as the real API does
 * (REST-JSON, error type in {@code x-amzn-ErrorType}): an existing statement id is refused with
 * ResourceConflictException (moto appends a duplicate instead), and the control plane throttles
 * with 429 TooManyRequestsException (moto never throttles).
 */
class LambdaLayerPublisherWireTest {
  @RegisterExtension
  static final WireMockExtension LAMBDA = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
      .build();

  private static final String SHA256 = "88cc704c3d85467ead9ca51ae77d50d1c53c3023f0b08571e9cb98905edba5f9";
  private static final String CODE_SHA256 = "iMxwTD2FRn6tnKUa531Q0cU8MCPwsIVx6cuYkF7bpfk=";
  private static final String VERSIONS = "/2018-10-31/layers/requests/versions";
  private static final String VERSION_ARN = "arn:aws:lambda:eu-west-1:123456789012:layer:requests:7";

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
  void aStatementThatAlreadyExistsCountsAsGranted() throws Exception {
    LAMBDA.stubFor(get(urlPathEqualTo(VERSIONS)).willReturn(json(200, """
        {"LayerVersions":[{"LayerVersionArn":"%s","Version":7,"Description":"layerkit","CreatedDate":"2026-11-23T22:35:00.000+0000","CompatibleRuntimes":["python3.12"],"LicenseInfo":"MIT","CompatibleArchitectures":["arm64"]}]}
        """.formatted(VERSION_ARN))));
    LAMBDA.stubFor(get(urlPathEqualTo(VERSIONS + "/7")).willReturn(json(200, layerVersion(7))));
    // a policy Lambda does not show (here: none) makes the publisher send the grant, which Lambda refuses as existing
    LAMBDA.stubFor(get(urlPathEqualTo(VERSIONS + "/7/policy")).willReturn(error(404, "ResourceNotFoundException",
        "No policy is associated with the given resource.")));
    LAMBDA.stubFor(post(urlPathEqualTo(VERSIONS + "/7/policy")).willReturn(error(409, "ResourceConflictException",
        "The statement id (layerkit-account-210987654321) provided already exists. Please provide a new statement id, "
            + "or remove the existing statement.")));

    PublishedLayer layer = publisher.publish(request(List.of("210987654321")));

    assertThat(layer).isEqualTo(new PublishedLayer(VERSION_ARN, 7L, true));
    LAMBDA.verify(1, postRequestedFor(urlPathEqualTo(VERSIONS + "/7/policy")).withRequestBody(equalToJson("""
        {"StatementId":"layerkit-account-210987654321","Action":"lambda:GetLayerVersion","Principal":"210987654321"}
        """)));
    LAMBDA.verify(0, postRequestedFor(urlPathEqualTo(VERSIONS)));
  }

  @Test
  void throttlingIsRetriedAndThePublishRequestNamesTheObjectVersion() throws Exception {
    LAMBDA.stubFor(get(urlPathEqualTo(VERSIONS)).willReturn(json(200, "{\"LayerVersions\":[]}")));
    ResponseDefinitionBuilder throttled = aResponse().withStatus(429)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-ErrorType", "TooManyRequestsException")
        .withBody("{\"Reason\":\"CallerRateLimitExceeded\",\"Type\":\"User\",\"message\":\"Rate exceeded\"}");
    LAMBDA.stubFor(post(urlPathEqualTo(VERSIONS)).inScenario("throttle").whenScenarioStateIs(STARTED)
        .willReturn(throttled).willSetStateTo("once"));
    LAMBDA.stubFor(post(urlPathEqualTo(VERSIONS)).inScenario("throttle").whenScenarioStateIs("once")
        .willReturn(throttled).willSetStateTo("twice"));
    LAMBDA.stubFor(post(urlPathEqualTo(VERSIONS)).inScenario("throttle").whenScenarioStateIs("twice")
        .willReturn(json(201, layerVersion(7))));

    PublishedLayer layer = publisher.publish(request(List.of()));

    assertThat(layer).isEqualTo(new PublishedLayer(VERSION_ARN, 7L, false));
    LAMBDA.verify(3, postRequestedFor(urlPathEqualTo(VERSIONS)).withRequestBody(equalToJson("""
        {"Content":{"S3Bucket":"layer-artifacts","S3Key":"layers/requests/requests-20261123223500.zip",
                    "S3ObjectVersion":"3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"},
         "Description":"layerkit lambda/layers/requests","CompatibleRuntimes":["python3.12"],
         "CompatibleArchitectures":["arm64"],"LicenseInfo":"MIT"}
        """)));
  }

  private static String layerVersion(int version) {
    return """
        {"Content":{"Location":"https://awslambda-eu-west-1-layers.s3.eu-west-1.amazonaws.com/snapshots/123456789012/requests-abc","CodeSha256":"%s","CodeSize":159},
         "LayerArn":"arn:aws:lambda:eu-west-1:123456789012:layer:requests","LayerVersionArn":"arn:aws:lambda:eu-west-1:123456789012:layer:requests:%d",
         "Description":"layerkit lambda/layers/requests","CreatedDate":"2026-11-23T22:35:00.000+0000","Version":%d,
         "CompatibleRuntimes":["python3.12"],"LicenseInfo":"MIT","CompatibleArchitectures":["arm64"]}
        """.formatted(CODE_SHA256, version, version);
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  private static ResponseDefinitionBuilder error(int status, String type, String message) {
    return aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-ErrorType", type)
        .withBody("{\"Type\":\"User\",\"message\":\"" + message + "\"}");
  }

  private static LayerVersionRequest request(List<String> share) {
    StoredObject object = new StoredObject("layers/requests/requests-20261123223500.zip",
        "s3://layer-artifacts/layers/requests/requests-20261123223500.zip", 159, SHA256,
        Optional.of("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"));
    return new LayerVersionRequest("requests", object, SHA256, "layerkit lambda/layers/requests",
        List.of("python3.12"), List.of("arm64"), "MIT", share);
  }
}
