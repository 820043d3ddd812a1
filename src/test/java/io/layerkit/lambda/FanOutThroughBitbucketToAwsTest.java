package io.layerkit.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.testing.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The fan-out end to end: the state machine's definition, read from {@code deploy/template.yaml},
 * run state by state ({@link StateMachineRun}: moto_server's Step Functions would need Docker for
 * the Lambda tasks), every Task a real invocation of the function with the payload Step Functions
 * delivers, against S3 and SSM on moto_server in two regions, Bitbucket and the CodePipeline API
 * on WireMock. The ref is resolved once; every item builds the commit it was given, even after
 * the branch moved; a failing item is reported, not lost; the budget defers what does not fit.
 */
class FanOutThroughBitbucketToAwsTest {

  @RegisterExtension static final FunctionServers SERVERS = new FunctionServers();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMIT = "9f2c4e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
  private static final String LATER = "e7d158ff7ed5538c28f94cd97a9ad569680fc94e";
  private static final String HOME = "us-east-1";
  private static final String OTHER = "eu-west-1";
  private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:layerkit";

  private FunctionRig rig;
  private LayerkitHandler container;
  private final List<JsonNode> payloads = new ArrayList<>();

  @BeforeEach
  void setUp() {
    rig = SERVERS.rig();
    rig.variables.put("REGIONS", HOME + "," + OTHER);
    // Lambda reads a layer only from a bucket in its own region: one bucket per region
    rig.variables.put("BUCKET_NAME", FunctionRig.BUCKET + "-{region}");
    createBucket(HOME);
    createBucket(OTHER);
    rig.mainBranchAt(COMMIT);
    rig.bitbucket.commit(LATER, LATER);
    rig.bitbucket.tree(LATER, FunctionRig.layers()
        .file("lambda/layers/requests/python/requests/sessions.py", "class Session: pass\n"), 100);
    // the token stays where the stack keeps it, in the function's own region (the rig's): an
    // item in another region reads it there, with every other call going to the item's region
    container = rig.container();
  }

  @Test
  void everyPackageIsBuiltInEveryRegionAtTheCommitResolvedOnce() throws Exception {
    StateMachineRun run = new StateMachineRun((name, payload) -> {
      JsonNode answer = invoke(name, payload);
      if (payload.path("fanOut").asText().equals("resolve")) {
        rig.bitbucket.branch("main", LATER); // a push while the items run
      }
      return answer;
    });

    StateMachineRun.Outcome outcome = run.execute(definition(8), JSON.readTree("{}"));

    assertThat(outcome.status()).isEqualTo("SUCCEEDED");
    JsonNode report = outcome.output();
    assertThat(report.path("ok").asBoolean()).isTrue();
    assertThat(report.path("commit").asText()).isEqualTo(COMMIT);
    assertThat(report.path("packages")).extracting(p -> p.path("package").asText())
        .containsExactly("requests", "tools");
    for (JsonNode line : report.path("packages")) {
      assertThat(line.path("status").asText()).isEqualTo("created");
      assertThat(line.path("regions").path(HOME).path("status").asText()).isEqualTo("created");
      assertThat(line.path("regions").path(OTHER).path("status").asText()).isEqualTo("created");
    }
    assertThat(report.path("packages").get(0).path("files").asInt())
        .as("the pinned commit, not the branch the push moved").isEqualTo(2);
    for (String region : List.of(HOME, OTHER)) {
      JsonNode release = JSON.readTree(ssm(region).getParameter(
          b -> b.name("/layerkit/requests/release")).parameter().value());
      assertThat(release.path("commit").asText()).as(region).isEqualTo(COMMIT);
    }
    SERVERS.bitbucket.verify(1, getRequestedFor(urlMatching(".*/refs/branches/main")));
    SERVERS.bitbucket.verify(4, getRequestedFor(urlPathEqualTo(
        "/2.0/repositories/acme/cfct-config/commit/" + COMMIT)));

    List<JsonNode> items = payloads.stream().filter(p -> !p.has("fanOut")).toList();
    assertThat(items).hasSize(4).allSatisfy(item -> assertThat(fields(item))
        .containsExactly("commit", "package", "path", "region"));
    assertThat(items).extracting(JsonNode::toString).contains("{\"commit\":\"" + COMMIT
        + "\",\"package\":\"requests\",\"path\":\"lambda/layers/requests\",\"region\":\"us-east-1\"}");
    assertThat(payloads.get(payloads.size() - 1).path("fanOut").asText()).isEqualTo("aggregate");
    assertThat(run.visited()).containsSubsequence("Start", "Resolve", "BuildItems", "BuildItem",
        "Aggregate", "Outcome", "Done");
  }

  @Test
  void aPipelineStartedEventBuildsThatExecutionsCommitAndASecondDeliveryBuildsNothing()
      throws Exception {
    rig.bitbucket.branch("main", LATER);
    rig.codePipeline.answer("GetPipelineExecution",
        CodePipelineApi.fixture("get-pipeline-execution.json"));
    JsonNode started = JSON.readTree(EventParserTest.sample("eventbridge-pipeline-started.json"));

    StateMachineRun.Outcome first = new StateMachineRun(this::invoke)
        .execute(definition(8), started);
    StateMachineRun.Outcome again = new StateMachineRun(this::invoke)
        .execute(definition(8), started);

    assertThat(first.status()).isEqualTo("SUCCEEDED");
    assertThat(first.output().path("commit").asText()).isEqualTo(COMMIT);
    assertThat(first.output().path("packages")).hasSize(2);
    assertThat(again.status()).isEqualTo("SUCCEEDED");
    assertThat(again.output().path("packages")).isEmpty();
    assertThat(payloads.stream().filter(p -> !p.has("fanOut")).count())
        .as("items of the first execution only").isEqualTo(4);
    SERVERS.bitbucket.verify(0, getRequestedFor(urlMatching(".*/refs/branches/main")));
    assertThat(keysIn(HOME)).contains("layers/.layerkit/executions/"
        + "Custom-Control-Tower-CodePipeline/01234567-0123-0123-0123-012345678901.json");
  }

  @Test
  void anItemWhoseInvocationFailsIsReportedByNameAndFailsTheExecution() throws Exception {
    // the function cannot run for the other region's items (as when Lambda times them out)
    StateMachineRun run = new StateMachineRun((name, payload) -> {
      if (payload.path("region").asText().equals(OTHER)) {
        throw new LayerkitFunctionException("the function could not run the item in " + OTHER,
            null);
      }
      return invoke(name, payload);
    });

    StateMachineRun.Outcome outcome = run.execute(definition(8), JSON.readTree("{}"));

    assertThat(outcome.status()).isEqualTo("FAILED");
    assertThat(outcome.error()).isEqualTo("layerkit.ItemsFailed");
    assertThat(outcome.cause()).startsWith("2 of 4 items failed at commit 9f2c4e1d8b7a: "
        + "requests in eu-west-1, tools in eu-west-1: ");
    assertThat(outcome.cause()).contains("the function could not run the item in " + OTHER)
        .doesNotContain(FunctionRig.TOKEN);
    assertThat(run.visited()).contains("ItemFailed", "ItemsFailed");
    assertThat(JSON.readTree(ssm(HOME).getParameter(b -> b.name("/layerkit/tools/release"))
        .parameter().value()).path("commit").asText()).isEqualTo(COMMIT);
    assertThat(ssm(OTHER).getParametersByPath(b -> b.path("/layerkit").recursive(true))
        .parameters()).isEmpty();
  }

  @Test
  void theCodePipelineJobInTheInputEndsWithTheOutputVariables() throws Exception {
    String jobId = UUID.randomUUID().toString();
    StateMachineRun run = new StateMachineRun(this::invoke);

    StateMachineRun.Outcome outcome = run.execute(definition(8),
        JSON.readTree("{\"codePipelineJob\": {\"id\": \"" + jobId + "\"}, \"ref\": \"main\"}"));

    assertThat(outcome.status()).isEqualTo("SUCCEEDED");
    List<JsonNode> success = rig.codePipeline.requests("PutJobSuccessResult");
    assertThat(success).hasSize(1);
    assertThat(success.get(0).path("jobId").asText()).isEqualTo(jobId);
    JsonNode variables = success.get(0).path("outputVariables");
    assertThat(variables.path("commit").asText()).isEqualTo(COMMIT);
    assertThat(variables.path("requests_status").asText()).isEqualTo("created");
    assertThat(variables.path("tools_key").asText()).startsWith("layers/tools/tools-");
    assertThat(rig.codePipeline.requests("PutJobFailureResult")).isEmpty();
  }

  @Test
  void aFailedRunFailsTheCodePipelineJobNamingTheItems() throws Exception {
    deleteBucket(OTHER); // every item in that region fails: its zip has nowhere to go
    String jobId = UUID.randomUUID().toString();

    new StateMachineRun(this::invoke).execute(definition(8),
        JSON.readTree("{\"codePipelineJob\": {\"id\": \"" + jobId + "\"}}"));

    List<JsonNode> failures = rig.codePipeline.requests("PutJobFailureResult");
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).path("failureDetails").path("message").asText())
        .startsWith("2 of 4 items failed at commit 9f2c4e1d8b7a: requests in eu-west-1, tools in"
            + " eu-west-1: ");
    assertThat(rig.codePipeline.requests("PutJobSuccessResult")).isEmpty();
  }

  @Test
  void aRefThatDoesNotResolveStillEndsTheJobWithOneLine() throws Exception {
    String jobId = UUID.randomUUID().toString();
    StateMachineRun run = new StateMachineRun(this::invoke);

    StateMachineRun.Outcome outcome = run.execute(definition(8), JSON.readTree(
        "{\"codePipelineJob\": {\"id\": \"" + jobId + "\"}, \"ref\": \"no-such-branch\"}"));

    assertThat(outcome.status()).isEqualTo("FAILED");
    assertThat(run.visited()).doesNotContain("BuildItems");
    assertThat(outcome.cause()).startsWith("the run stopped before its items finished: no branch,"
        + " tag or commit 'no-such-branch'");
    assertThat(rig.codePipeline.requests("PutJobFailureResult").get(0).path("failureDetails")
        .path("message").asText()).isEqualTo(outcome.cause());
  }

  @Test
  void itemsTheBudgetCannotCoverAreDeferredAndConcurrencyFitsWhatIsLeft() throws Exception {
    // 1 request resolves the branch; 7 are left: 3 items of 2 requests fit, the fourth does not
    SERVERS.bitbucket.resetAll();
    rig = SERVERS.rig();
    rig.variables.put("REGIONS", HOME + "," + OTHER);
    rig.variables.put("BUCKET_NAME", FunctionRig.BUCKET + "-{region}");
    rig.bitbucket.withRateLimitHeaders(8, false);
    rig.mainBranchAt(COMMIT);
    container = rig.container();

    StateMachineRun.Outcome outcome = new StateMachineRun(this::invoke)
        .execute(definition(8), JSON.readTree("{}"));

    List<JsonNode> items = payloads.stream().filter(p -> !p.has("fanOut")).toList();
    assertThat(items).hasSize(3).allSatisfy(item -> assertThat(item.path("concurrency").asInt())
        .as("fetches per item lowered to what is left").isEqualTo(7));
    assertThat(items).extracting(item -> item.path("package").asText() + "@"
        + item.path("region").asText())
        .containsExactly("requests@us-east-1", "tools@us-east-1", "requests@eu-west-1");
    assertThat(outcome.status()).isEqualTo("FAILED");
    assertThat(outcome.cause()).isEqualTo("1 of 4 items failed at commit 9f2c4e1d8b7a: tools in"
        + " eu-west-1: deferred: the Bitbucket budget left this hour did not cover it (about 2"
        + " requests); a later run builds it");
  }

  private JsonNode invoke(String functionName, JsonNode payload) throws Exception {
    assertThat(functionName).isEqualTo(FUNCTION_ARN);
    synchronized (payloads) {
      payloads.add(payload);
    }
    return rig.invoke(container, JSON.writeValueAsBytes(payload),
        InvocationContext.plenty(UUID.randomUUID().toString()));
  }

  private static JsonNode definition(int maxConcurrency) throws Exception {
    return StateMachineDefinition.definition(Map.of("FunctionArn", FUNCTION_ARN,
        "MaxConcurrency", String.valueOf(maxConcurrency)));
  }

  private void createBucket(String region) {
    try (S3Client s3 = s3(region)) {
      s3.createBucket(b -> {
        b.bucket(FunctionRig.BUCKET + "-" + region);
        if (!region.equals("us-east-1")) {
          b.createBucketConfiguration(c -> c.locationConstraint(
              BucketLocationConstraint.fromValue(region)));
        }
      });
    }
  }

  private void deleteBucket(String region) {
    try (S3Client s3 = s3(region)) {
      s3.deleteBucket(b -> b.bucket(FunctionRig.BUCKET + "-" + region));
    }
  }

  private List<String> keysIn(String region) {
    try (S3Client s3 = s3(region)) {
      return s3.listObjectsV2(b -> b.bucket(FunctionRig.BUCKET + "-" + region)).contents().stream()
          .map(S3Object::key).toList();
    }
  }

  private S3Client s3(String region) {
    MotoServer moto = SERVERS.moto;
    return S3Client.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
        .credentialsProvider(moto.credentials()).forcePathStyle(true)
        .httpClient(UrlConnectionHttpClient.create()).build();
  }


  private SsmClient ssm(String region) {
    MotoServer moto = SERVERS.moto;
    return SsmClient.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
        .credentialsProvider(moto.credentials()).httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
