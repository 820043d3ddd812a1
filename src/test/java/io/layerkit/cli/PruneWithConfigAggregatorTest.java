package io.layerkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.publish.lambda.LambdaLayerPublisher;
import io.layerkit.registry.ssm.ParameterLayout;
import io.layerkit.registry.ssm.SsmReleaseRegistry;
import io.layerkit.retention.LayerHistory;
import io.layerkit.store.s3.S3ArtifactStore;
import io.layerkit.testing.MotoServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * {@code layerkit prune --config-aggregator}: Lambda, S3 and SSM on moto_server, AWS Config
 * (which moto does not answer SelectAggregateResourceConfig for) on WireMock with the request and
 * response bodies of the AWS Config API reference: {@code Results} as JSON strings, {@code
 * QueryInfo.SelectFields}, and a {@code NextToken} to a second page. The SDK finds both through
 * its own endpoint settings, as a deployed command would.
 */
class PruneWithConfigAggregatorTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension static final WireMockExtension CONFIG = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "acme-layers";
  private static final String AGGREGATOR = "org-layers";
  private static final String TARGET = "StarlingDoveService.SelectAggregateResourceConfig";

  @TempDir Path dir;
  private AwsClients clients;
  private List<LayerHistory.Entry> history;

  @BeforeEach
  void setUp() throws Exception {
    System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
    System.setProperty("aws.endpointUrl", MOTO.endpoint().toString());
    System.setProperty("aws.endpointUrlConfig", CONFIG.baseUrl());
    clients = AwsClients.create(new AwsSettings(Optional.of(MOTO.region().id()), Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty()), MOTO.credentials());
    clients.s3().createBucket(b -> b.bucket(BUCKET));
    history = LayerHistory.publish(S3ArtifactStore.forUri(clients.s3(), "s3://" + BUCKET + "/layers/"),
        new LambdaLayerPublisher(clients.lambda(), false), dir, "requests", 8);
    new SsmReleaseRegistry(clients.ssm(), ParameterLayout.parse("ssm:/layerkit"))
        .record(history.get(7).release("requests"));
    try (IamClient iam = IamClient.builder().endpointOverride(MOTO.endpoint())
        .region(Region.AWS_GLOBAL).credentialsProvider(MOTO.credentials()).build()) {
      LayerHistory.createFunction(clients, iam, dir, "orders-api", List.of(arn(2)));
    }
  }

  @AfterEach
  void tearDown() {
    List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.endpointUrl", "aws.endpointUrlConfig")
        .forEach(System::clearProperty);
    clients.close();
  }

  private String arn(int version) {
    return history.get(version - 1).layer().layerVersionArn();
  }

  /** One result as Config returns it for the query's fields. */
  private static String function(String account, String region, String name, String... layerArns) {
    ObjectNode function = JSON.createObjectNode();
    function.put("accountId", account);
    function.put("awsRegion", region);
    function.put("resourceId", name);
    ArrayNode layers = function.putObject("configuration").putArray("layers");
    for (String arn : layerArns) {
      layers.addObject().put("arn", arn).put("codeSize", 2048);
    }
    return function.toString();
  }

  private static String page(List<String> results, String nextToken) throws Exception {
    ObjectNode page = JSON.createObjectNode();
    results.forEach(page.putArray("Results")::add);
    ArrayNode fields = page.putObject("QueryInfo").putArray("SelectFields");
    for (String name : List.of("accountId", "awsRegion", "resourceId", "configuration.layers")) {
      fields.addObject().put("Name", name);
    }
    if (nextToken != null) {
      page.put("NextToken", nextToken);
    }
    return JSON.writeValueAsString(page);
  }

  private static String request(String nextToken) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>(Map.of(
        "ConfigurationAggregatorName", AGGREGATOR,
        "Expression", "SELECT accountId, awsRegion, resourceId, configuration.layers"
            + " WHERE resourceType = 'AWS::Lambda::Function'",
        "Limit", 100));
    if (nextToken != null) {
      body.put("NextToken", nextToken);
    }
    return JSON.writeValueAsString(body);
  }

  @Test
  void versionsFunctionsInOtherAccountsUseSurviveOnEveryPage() throws Exception {
    String token = "AAEAAfcQ7fA6xbrqR0ZFQW4aK3A=";
    CONFIG.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
        .withRequestBody(equalToJson(request(null)))
        .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody(page(List.of(
                function("210987654321", "eu-west-1", "billing", arn(3)),
                function("210987654321", "eu-west-1", "no-layers"),
                function("210987654321", "us-east-1", "other-layer",
                    "arn:aws:lambda:us-east-1:210987654321:layer:requests:6")), token))));
    CONFIG.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
        .withRequestBody(equalToJson(request(token)))
        .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody(page(List.of(function("333344445555", "us-east-1", "search", arn(4))),
                null))));

    CliRun run = CliRun.of("prune", "--keep", "2", "--apply", "--config-aggregator", AGGREGATOR,
        "--store", "s3://" + BUCKET + "/layers/", "--registry", "ssm:/layerkit",
        "--region", "us-east-1", "--json", "requests");

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    assertThat(clients.lambda().listLayerVersions(b -> b.layerName("requests")).layerVersions())
        .extracting(v -> v.version()).containsExactlyInAnyOrder(2L, 3L, 4L, 7L, 8L);
    var versions = JSON.readTree(run.out()).path("packages").get(0).path("versions");
    assertThat(versions.get(4).path("version").asInt()).isEqualTo(4);
    assertThat(versions.get(4).path("reasons").toString()).isEqualTo("[\"used-in-organization\"]");
    assertThat(versions.get(4).path("usedBy").toString()).isEqualTo("[\"333344445555/us-east-1/search\"]");
    assertThat(versions.get(6).path("reasons").toString()).isEqualTo("[\"used-by-function\"]");
    CONFIG.verify(2, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET)));
  }

  @Test
  void anAggregatorThatCannotBeAskedStopsTheDeletionsOfEveryPackage() throws Exception {
    CONFIG.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
        .willReturn(aResponse().withStatus(400)
            .withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody("{\"__type\":\"NoSuchConfigurationAggregatorException\",\"message\":"
                + "\"The configuration aggregator does not exist. Check the configuration"
                + " aggregator name and try again.\"}")));

    CliRun run = CliRun.of("prune", "--keep", "2", "--apply", "--config-aggregator", AGGREGATOR,
        "--store", "s3://" + BUCKET + "/layers/", "--registry", "ssm:/layerkit",
        "--region", "us-east-1", "requests");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("requests (us-east-1): failed: cannot query the AWS Config"
        + " aggregator org-layers for the functions using layers"
        + " (config:SelectAggregateResourceConfig): NoSuchConfigurationAggregatorException");
    assertThat(clients.lambda().listLayerVersions(b -> b.layerName("requests")).layerVersions())
        .hasSize(8);
  }

  @Test
  void aMalformedAggregatorNameIsAUsageError() {
    CliRun run = CliRun.of("prune", "--config-aggregator", "org layers!", "--region", "us-east-1",
        "requests");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("layerkit: error: --config-aggregator 'org layers!' is not an"
        + " AWS Config aggregator name (1-256 letters, digits, '_' and '-')");
  }
}
