package io.layerkit.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.publish.lambda.LambdaLayerPublisher;
import io.layerkit.retention.LayerHistory;
import io.layerkit.store.s3.S3ArtifactStore;
import io.layerkit.testing.MotoServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The function with {@code RETAIN_VERSIONS=2}, end to end: Bitbucket on WireMock, S3, SSM and
 * Lambda on moto_server. Package {@code requests} already has three layer versions (made from
 * zips stored on three days of 2025), and a moto function uses the first; the run publishes a
 * fourth and then prunes.
 */
class RetainVersionsAfterPublishTest {

  @RegisterExtension static final FunctionServers SERVERS = new FunctionServers();

  private static final String COMMIT = "9f2c4e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";

  @TempDir Path dir;
  private FunctionRig rig;
  private AwsClients clients;
  private IamClient iam;
  private List<LayerHistory.Entry> history;

  @BeforeEach
  void setUp() throws Exception {
    rig = SERVERS.rig();
    rig.mainBranchAt(COMMIT);
    rig.variables.put("PUBLISH_LAYERS", "true");
    rig.variables.put("RETAIN_VERSIONS", "2");
    MotoServer moto = SERVERS.moto;
    clients = AwsClients.create(new AwsSettings(Optional.of(moto.region().id()), Optional.empty(),
        Optional.of(moto.endpoint().toString()), Optional.empty()), moto.credentials());
    iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
        .credentialsProvider(moto.credentials()).build();
    history = LayerHistory.publish(
        S3ArtifactStore.forUri(clients.s3(), "s3://" + FunctionRig.BUCKET + "/layers/"),
        new LambdaLayerPublisher(clients.lambda(), false), dir, "requests", 3);
    LayerHistory.createFunction(clients, iam, dir, "orders-api",
        List.of(history.get(0).layer().layerVersionArn()));
  }

  @AfterEach
  void tearDown() {
    iam.close();
    clients.close();
  }

  private List<Long> versions(String layer) {
    return clients.lambda().listLayerVersions(b -> b.layerName(layer)).layerVersions().stream()
        .map(v -> v.version()).sorted().toList();
  }

  private List<String> keys(String packageName) {
    return clients.s3().listObjectsV2(b -> b.bucket(FunctionRig.BUCKET)
            .prefix("layers/" + packageName + "/")).contents().stream()
        .map(S3Object::key).sorted().toList();
  }

  @Test
  void afterPublishingTheNewestTwoTheCurrentAndTheUsedVersionsAreKept() throws Exception {
    JsonNode response = rig.invoke(rig.container(), EventParserTest.sample("eventbridge-scheduled.json"),
        InvocationContext.plenty("5a1e0a52-5d0c-4b8e-9a61-3f0b2c4d5e6f"));

    assertThat(response.path("ok").asBoolean()).as(response.toString()).isTrue();
    assertThat(versions("requests")).containsExactly(1L, 3L, 4L);
    assertThat(versions("tools")).containsExactly(1L);
    List<String> requestsKeys = keys("requests").stream().filter(k -> k.endsWith(".zip")).toList();
    assertThat(requestsKeys).hasSize(3)
        .contains(history.get(0).object().key(), history.get(2).object().key())
        .doesNotContain(history.get(1).object().key());

    JsonNode retention = response.path("retention");
    assertThat(retention).hasSize(2);
    JsonNode requests = retention.get(0);
    assertThat(requests.path("package").asText()).isEqualTo("requests");
    assertThat(requests.path("error").isNull()).isTrue();
    assertThat(requests.path("keep").asInt()).isEqualTo(2);
    assertThat(requests.path("deletedVersions").toString()).isEqualTo("[2]");
    assertThat(requests.path("deletedObjects").toString())
        .isEqualTo("[\"" + history.get(1).object().key() + "\"]");
    assertThat(rig.logText()).contains("\"message\":\"requests (us-east-1): 4 layer versions,"
        + " keep 3, deleted 1; 4 stored zips, keep 3, deleted 1\"")
        .contains("\"step\":\"retention\"");
  }

  @Test
  void aPruneThatFailsIsReportedLoudlyAndTheJobStillSucceeds() throws Exception {
    // Lambda through a proxy that answers ListFunctions as AWS does for a role without it
    WireMockServer lambda = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    lambda.start();
    String previous = System.getProperty("aws.endpointUrlLambda");
    try {
      lambda.stubFor(any(anyUrl()).atPriority(10)
          .willReturn(aResponse().proxiedFrom(SERVERS.moto.endpoint().toString())));
      lambda.stubFor(get(urlPathEqualTo("/2015-03-31/functions")).atPriority(1)
          .willReturn(aResponse().withStatus(403)
              .withHeader("Content-Type", "application/json")
              .withHeader("x-amzn-ErrorType", "AccessDeniedException")
              .withBody("{\"Message\":\"User: arn:aws:sts::123456789012:assumed-role/layerkit/fn"
                  + " is not authorized to perform: lambda:ListFunctions on resource: *\"}")));
      System.setProperty("aws.endpointUrlLambda", lambda.baseUrl());

      JsonNode response = rig.invoke(rig.container(), EventParserTest.sample("codepipeline-job.json"),
          InvocationContext.plenty("6b1e0a52-5d0c-4b8e-9a61-3f0b2c4d5e6f"));

      assertThat(response.path("packages").get(0).path("status").asText()).isEqualTo("created");
      assertThat(response.path("job").path("result").asText()).isEqualTo("succeeded");
      JsonNode requests = response.path("retention").get(0);
      assertThat(requests.path("error").asText())
          .contains("lambda:ListFunctions").contains("AccessDeniedException");
      assertThat(versions("requests")).as("nothing is deleted when usage is unknown")
          .containsExactly(1L, 2L, 3L, 4L);
      assertThat(rig.codePipeline.requests("PutJobSuccessResult").get(0)
          .path("executionDetails").path("summary").asText())
          .contains("pruning failed for requests, tools (see the function's log)");
      assertThat(rig.logLines()).anySatisfy(line -> {
        assertThat(line.path("level").asText()).isEqualTo("ERROR");
        assertThat(line.path("package").asText()).isEqualTo("requests");
        assertThat(line.path("message").asText()).startsWith("pruning in us-east-1 failed:")
            .endsWith("; the publish stands");
      });
    } finally {
      if (previous == null) {
        System.clearProperty("aws.endpointUrlLambda");
      } else {
        System.setProperty("aws.endpointUrlLambda", previous);
      }
      lambda.stop();
    }
  }
}
