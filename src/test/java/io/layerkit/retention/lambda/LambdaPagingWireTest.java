package io.layerkit.retention.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.retention.LayerVersionInfo;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Lambda pages its lists at 50 (moto_server answers in one page, so the paging itself is shown
 * here): ListLayerVersions and ListFunctions on WireMock with bodies shaped like the Lambda API
 * reference, {@code NextMarker} to a second page, and the {@code Marker} sent back.
 */
class LambdaPagingWireTest {
  @RegisterExtension static final WireMockExtension LAMBDA = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LAYER_ARN = "arn:aws:lambda:us-east-1:123456789012:layer:requests";
  private static final String MARKER = "eyJ2ZXJzaW9uIjo1fQ==";

  private LambdaClient lambda;

  @BeforeEach
  void setUp() {
    lambda = LambdaClient.builder().endpointOverride(URI.create(LAMBDA.baseUrl()))
        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
        .build();
  }

  @AfterEach
  void tearDown() {
    lambda.close();
  }

  private static String versions(int newest, int oldest, String nextMarker) throws Exception {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode items = page.putArray("LayerVersions");
    for (int v = newest; v >= oldest; v--) {
      ObjectNode item = items.addObject();
      item.put("LayerVersionArn", LAYER_ARN + ":" + v);
      item.put("Version", v);
      item.put("Description", "layerkit layers/requests sha256:0123456789abcdef");
      item.put("CreatedDate", String.format("2026-10-%02dT08:15:30.123+0000", 1 + v % 28));
      item.putArray("CompatibleRuntimes").add("python3.12");
      item.putArray("CompatibleArchitectures").add("x86_64");
      item.put("LicenseInfo", "MIT");
    }
    if (nextMarker != null) {
      page.put("NextMarker", nextMarker);
    }
    return JSON.writeValueAsString(page);
  }

  private static ObjectNode function(String name, String... layerArns) {
    ObjectNode function = JSON.createObjectNode();
    function.put("FunctionName", name);
    function.put("FunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:" + name + ":$LATEST");
    function.put("Runtime", "python3.12");
    function.put("Version", "$LATEST");
    ArrayNode layers = function.putArray("Layers");
    for (String arn : layerArns) {
      layers.addObject().put("Arn", arn).put("CodeSize", 2048);
    }
    return function;
  }

  @Test
  void everyPageOfLayerVersionsIsRead() throws Exception {
    LAMBDA.stubFor(get(urlPathEqualTo("/2018-10-31/layers/requests/versions"))
        .withQueryParam("Marker", absent())
        .willReturn(aResponse().withHeader("Content-Type", "application/json")
            .withBody(versions(55, 6, MARKER))));
    LAMBDA.stubFor(get(urlPathEqualTo("/2018-10-31/layers/requests/versions"))
        .withQueryParam("Marker", equalTo(MARKER))
        .willReturn(aResponse().withHeader("Content-Type", "application/json")
            .withBody(versions(5, 1, null))));

    List<LayerVersionInfo> listed = new LambdaLayerVersions(lambda, "us-east-1").list("requests");

    assertThat(listed).hasSize(55);
    assertThat(listed.get(0).version()).isEqualTo(55);
    assertThat(listed.get(54).arn()).isEqualTo(LAYER_ARN + ":1");
    assertThat(listed.get(54).created()).isEqualTo(Instant.parse("2026-10-02T08:15:30.123Z"));
    LAMBDA.verify(2, getRequestedFor(urlPathEqualTo("/2018-10-31/layers/requests/versions")));
  }

  @Test
  void everyPageOfFunctionsIsReadWithEveryPublishedVersion() throws Exception {
    ObjectNode first = JSON.createObjectNode();
    ArrayNode functions = first.putArray("Functions");
    for (int i = 0; i < 50; i++) {
      functions.add(function("fn-" + i));
    }
    functions.add(function("orders-api", LAYER_ARN + ":7", "arn:aws:lambda:us-east-1:123456789012:layer:tools:3"));
    first.put("NextMarker", MARKER);
    ObjectNode second = JSON.createObjectNode();
    second.putArray("Functions").add(function("billing", LAYER_ARN + ":7"))
        .add(function("search", LAYER_ARN + ":12"));
    LAMBDA.stubFor(get(urlEqualTo("/2015-03-31/functions?FunctionVersion=ALL"))
        .willReturn(aResponse().withHeader("Content-Type", "application/json")
            .withBody(JSON.writeValueAsString(first))));
    LAMBDA.stubFor(get(urlPathEqualTo("/2015-03-31/functions"))
        .withQueryParam("FunctionVersion", equalTo("ALL"))
        .withQueryParam("Marker", equalTo(MARKER))
        .willReturn(aResponse().withHeader("Content-Type", "application/json")
            .withBody(JSON.writeValueAsString(second))));

    FunctionLayerUsage usage = new FunctionLayerUsage(lambda, "us-east-1");
    Map<String, List<String>> users = usage.usersOf("requests");

    assertThat(users).containsOnlyKeys(LAYER_ARN + ":7", LAYER_ARN + ":12");
    assertThat(users.get(LAYER_ARN + ":7")).containsExactly(
        "arn:aws:lambda:us-east-1:123456789012:function:orders-api:$LATEST",
        "arn:aws:lambda:us-east-1:123456789012:function:billing:$LATEST");
    assertThat(usage.usersOf("tools")).containsOnlyKeys("arn:aws:lambda:us-east-1:123456789012:layer:tools:3");
    LAMBDA.verify(2, getRequestedFor(urlPathEqualTo("/2015-03-31/functions")));
  }

  @Test
  void deletingAVersionSendsDeleteLayerVersion() throws Exception {
    LAMBDA.stubFor(delete(urlEqualTo("/2018-10-31/layers/requests/versions/3"))
        .willReturn(aResponse().withStatus(204)));

    new LambdaLayerVersions(lambda, "us-east-1").delete("requests", 3);

    LAMBDA.verify(deleteRequestedFor(urlEqualTo("/2018-10-31/layers/requests/versions/3")));
  }
}
