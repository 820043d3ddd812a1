package io.layerkit.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.source.bitbucket.RepoTree;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The function as a CodePipeline Lambda invoke action, end to end: the job event from the AWS
 * documentation, Bitbucket on WireMock, S3 and SSM on moto_server, and the CodePipeline JSON API
 * on WireMock recording how each job ends.
 */
class CodePipelineJobThroughBitbucketToAwsTest {

  @RegisterExtension static final FunctionServers SERVERS = new FunctionServers();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMIT = "9f2c4e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
  private static final String NEWER_COMMIT = "e7d158ff7ed5538c28f94cd97a9ad569680fc94e";
  private static final String JOB = "c0d3c0d3-0b1d-4d2e-9f10-aa11bb22cc33";
  private static final List<String> JOB_CREDENTIALS = List.of(
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAIOSFODNN7EXAMPLE",
      "MIICiTCCAfICCQD6m7oRw0uXOjANBgkqhkiG9w0BAQUFADCBiDELMAkGA1UEBhMC");

  private FunctionRig rig;
  private List<Path> tempBefore;

  @BeforeEach
  void setUp() throws IOException {
    rig = SERVERS.rig();
    rig.mainBranchAt(COMMIT);
    tempBefore = FunctionRig.leftovers();
  }

  /**
   * An invocation with time for one package and its report but not for a second package: more
   * than the half reserve at which a job is reported out of time, less than the whole reserve.
   */
  private static InvocationContext tight() {
    int remaining = (int) TimeBudget.DEFAULT_RESERVE.multipliedBy(3).dividedBy(4).toMillis();
    return new InvocationContext("11111111-2222-3333-4444-555555555555", () -> remaining);
  }

  private static byte[] jobEvent() throws IOException {
    return EventParserTest.sample("codepipeline-job.json");
  }

  private static byte[] continued(String token) throws IOException {
    ObjectNode event = (ObjectNode) JSON.readTree(jobEvent());
    ((ObjectNode) event.path("CodePipeline.job").path("data")).put("continuationToken", token);
    return JSON.writeValueAsBytes(event);
  }

  private static byte[] withUserParameters(String userParameters) throws IOException {
    ObjectNode event = (ObjectNode) JSON.readTree(jobEvent());
    ((ObjectNode) event.path("CodePipeline.job").path("data").path("actionConfiguration")
        .path("configuration")).put("UserParameters", userParameters);
    return JSON.writeValueAsBytes(event);
  }

  @Test
  void aJobBuildsItsPackagesAndEndsWithTheirOutputVariables() throws Exception {
    JsonNode response = rig.invoke(rig.container(), jobEvent(),
        InvocationContext.plenty("7c1e0a52-5d0c-4b8e-9a61-3f0b2c4d5e6f"));

    assertThat(rig.codePipeline.requests("PutJobFailureResult")).isEmpty();
    assertThat(rig.codePipeline.requests("PutJobSuccessResult")).hasSize(1);
    JsonNode success = rig.codePipeline.requests("PutJobSuccessResult").get(0);
    assertThat(success.path("jobId").asText()).isEqualTo(JOB);
    assertThat(success.has("continuationToken")).isFalse();
    JsonNode variables = success.path("outputVariables");
    assertThat(variables.path("commit").asText()).isEqualTo(COMMIT);
    assertThat(variables.path("requests_status").asText()).isEqualTo("created");
    assertThat(variables.path("tools_status").asText()).isEqualTo("created");
    String key = variables.path("requests_key").asText();
    assertThat(key).matches("layers/requests/requests-\\d{14}\\.zip");
    byte[] stored = rig.s3.getObjectAsBytes(b -> b.bucket(FunctionRig.BUCKET).key(key)).asByteArray();
    assertThat(variables.path("requests_sha256").asText()).isEqualTo(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)));
    assertThat(success.path("executionDetails").path("summary").asText())
        .isEqualTo("2 packages at commit 9f2c4e1d8b7a: 2 created");
    assertThat(success.path("executionDetails").path("externalExecutionId").asText())
        .isEqualTo("7c1e0a52-5d0c-4b8e-9a61-3f0b2c4d5e6f");

    // the original function's value in SSM
    assertThat(rig.ssm.getParameter(b -> b.name("/layerkit/requests")).parameter().value())
        .isEqualTo(key.substring(key.lastIndexOf('/') + 1).replace(".zip", ""));

    // the response is the --json report, plus the job's outcome
    assertThat(response.path("ok").asBoolean()).isTrue();
    assertThat(response.path("commit").asText()).isEqualTo(COMMIT);
    assertThat(response.path("packages")).extracting(p -> p.path("status").asText())
        .containsExactly("created", "created");
    assertThat(response.path("job").path("result").asText()).isEqualTo("succeeded");

    // JSON log lines with package, step and request id; the job's credentials nowhere
    assertThat(rig.logLines()).allSatisfy(line -> assertThat(line.path("requestId").asText())
        .isEqualTo("7c1e0a52-5d0c-4b8e-9a61-3f0b2c4d5e6f"));
    assertThat(rig.logLines()).anySatisfy(line -> {
      assertThat(line.path("package").asText()).isEqualTo("requests");
      assertThat(line.path("step").asText()).isEqualTo("store");
    });
    for (String credential : JOB_CREDENTIALS) {
      assertThat(rig.logText()).doesNotContain(credential);
      assertThat(response.toString()).doesNotContain(credential);
      assertThat(rig.codePipeline.allRequestText()).doesNotContain(credential);
    }
    assertThat(rig.logText()).doesNotContain(FunctionRig.TOKEN);
    assertThat(FunctionRig.leftovers()).isEqualTo(tempBefore);
  }

  @Test
  void aBadTokenFailsTheJobWithoutTheTokenInTheMessage() throws Exception {
    rig.storeToken("bb-revoked-token-0000");

    JsonNode response = rig.invoke(rig.container(), jobEvent(),
        InvocationContext.plenty("0a0b0c0d-1111-2222-3333-444455556666"));

    assertThat(rig.codePipeline.requests("PutJobSuccessResult")).isEmpty();
    JsonNode details = rig.codePipeline.requests("PutJobFailureResult").get(0).path("failureDetails");
    assertThat(details.path("type").asText()).isEqualTo("JobFailed");
    assertThat(details.path("message").asText())
        .startsWith("2 of 2 packages failed at ref main: requests, tools: Bitbucket answered 401")
        .doesNotContain("bb-revoked-token-0000")
        .hasSizeLessThanOrEqualTo(FailureMessage.MAX_LENGTH);
    assertThat(rig.logText()).doesNotContain("bb-revoked-token-0000");
    assertThat(response.toString()).doesNotContain("bb-revoked-token-0000");
    assertThat(response.path("ok").asBoolean()).isFalse();
    assertThat(rig.storedKeys()).isEmpty();
    // the ref never resolved, so the second package did not ask again
    SERVERS.bitbucket.verify(1, getRequestedFor(urlEqualTo(
        "/2.0/repositories/acme/cfct-config/refs/branches/main")));
  }

  @Test
  void aLayerOverLambdasLimitFailsValidationAndTheJob() throws Exception {
    rig.bitbucket.tree(COMMIT, new RepoTree()
        .file("lambda/layers/models/python/model.bin", "placeholder"), 100);
    hugeListing("lambda/layers/models", "lambda/layers/models/python/model.bin",
        300L * 1024 * 1024);

    rig.invoke(rig.container(), withUserParameters("{\"packages\": [\"lambda/layers/models\"]}"),
        InvocationContext.plenty("0a0b0c0d-1111-2222-3333-444455556666"));

    JsonNode details = rig.codePipeline.requests("PutJobFailureResult").get(0).path("failureDetails");
    assertThat(details.path("type").asText()).isEqualTo("JobFailed");
    assertThat(details.path("message").asText()).startsWith("1 of 1 packages failed")
        .contains("models: ").contains("unzipped");
    assertThat(rig.storedKeys()).isEmpty();
    assertThat(FunctionRig.leftovers()).isEqualTo(tempBefore);
    // validation stopped it before a single byte was downloaded
    SERVERS.bitbucket.verify(0, getRequestedFor(urlEqualTo(
        "/2.0/repositories/acme/cfct-config/src/" + COMMIT + "/lambda/layers/models/python/model.bin")));
  }

  @Test
  void aShortInvocationContinuesAndTheNextResumesOnlyWhatIsLeft() throws Exception {
    // no time beyond the first package in either invocation
    InvocationContext tight = tight();

    JsonNode first = rig.invoke(rig.container(), jobEvent(), tight);

    assertThat(first.path("job").path("result").asText()).isEqualTo("continued");
    assertThat(first.path("packages")).extracting(p -> p.path("package").asText())
        .containsExactly("requests");
    JsonNode continuation = rig.codePipeline.requests("PutJobSuccessResult").get(0);
    assertThat(continuation.has("outputVariables")).isFalse();
    assertThat(continuation.path("executionDetails").path("percentComplete").asInt()).isEqualTo(50);
    String token = continuation.path("continuationToken").asText();
    assertThat(token).contains(COMMIT).hasSizeLessThanOrEqualTo(ContinuationToken.MAX_LENGTH);
    assertThat(rig.storedZips()).singleElement().asString().startsWith("layers/requests/");

    // the branch moves on meanwhile: the job still finishes at the commit it started with
    rig.bitbucket.branch("main", NEWER_COMMIT);
    SERVERS.bitbucket.resetRequests();
    JsonNode second = rig.invoke(rig.container(), continued(token), tight);

    assertThat(second.path("job").path("result").asText()).isEqualTo("succeeded");
    assertThat(second.path("commit").asText()).isEqualTo(COMMIT);
    assertThat(second.path("packages")).extracting(p -> p.path("package").asText())
        .containsExactly("tools");
    SERVERS.bitbucket.verify(0, getRequestedFor(urlMatching(".*/lambda/layers/requests/.*")));
    SERVERS.bitbucket.verify(0, getRequestedFor(urlMatching(".*/refs/branches/.*")));
    JsonNode done = rig.codePipeline.requests("PutJobSuccessResult").get(1);
    assertThat(done.has("continuationToken")).isFalse();
    JsonNode variables = done.path("outputVariables");
    assertThat(variables.path("commit").asText()).isEqualTo(COMMIT);
    assertThat(variables.path("tools_status").asText()).isEqualTo("created");
    // the package built by the first invocation is reported from its recorded release
    assertThat(variables.path("requests_key").asText()).isEqualTo(rig.storedZips().stream()
        .filter(k -> k.startsWith("layers/requests/")).findFirst().orElseThrow());
    assertThat(variables.path("requests_sha256").asText()).hasSize(64);
    assertThat(rig.codePipeline.requests("PutJobFailureResult")).isEmpty();
  }

  @Test
  void aFailureInAnEarlierInvocationFailsTheJobAtTheEnd() throws Exception {
    InvocationContext tight = tight();
    byte[] event = withUserParameters(
        "{\"packages\": [\"lambda/layers/missing\", \"lambda/layers/tools\"]}");

    rig.invoke(rig.container(), event, tight);
    String token = rig.codePipeline.requests("PutJobSuccessResult").get(0)
        .path("continuationToken").asText();
    ObjectNode next = (ObjectNode) JSON.readTree(event);
    ((ObjectNode) next.path("CodePipeline.job").path("data")).put("continuationToken", token);
    rig.invoke(rig.container(), JSON.writeValueAsBytes(next), tight);

    assertThat(rig.codePipeline.requests("PutJobSuccessResult")).hasSize(1);
    String message = rig.codePipeline.requests("PutJobFailureResult").get(0)
        .path("failureDetails").path("message").asText();
    assertThat(message).isEqualTo("1 of 2 packages failed at commit 9f2c4e1d8b7a: missing: failed "
        + "in an earlier invocation of this job (see the function's log)");
    assertThat(rig.storedZips()).singleElement().asString().startsWith("layers/tools/");
  }

  @Test
  void anErrorInTheMiddleOfARunStillFailsTheJob() throws Exception {
    LayerkitHandler handler = rig.container(
        rig.logThrowingAt("\"step\":\"store\"",
            new NoClassDefFoundError("org/apache/commons/compress/archivers/zip/ZipFile")));

    JsonNode response = rig.invoke(handler, jobEvent(),
        InvocationContext.plenty("0a0b0c0d-1111-2222-3333-444455556666"));

    assertThat(rig.codePipeline.requests("PutJobSuccessResult")).isEmpty();
    assertThat(rig.codePipeline.requests("PutJobFailureResult")).singleElement()
        .satisfies(failure -> assertThat(failure.path("failureDetails").path("message").asText())
            .isEqualTo("NoClassDefFoundError: org/apache/commons/compress/archivers/zip/ZipFile"));
    assertThat(response.path("job").path("result").asText()).isEqualTo("failed");
    assertThat(rig.storedKeys()).isEmpty();
    assertThat(FunctionRig.leftovers()).isEqualTo(tempBefore);
  }

  @Test
  void aPackageThatOutrunsTheInvocationFailsTheJobWhileThereIsTimeToSaySo() throws Exception {
    // one file takes 4 s; the invocation has 1.5 s beyond the half reserve kept for reporting
    SERVERS.bitbucket.stubFor(get(urlEqualTo("/2.0/repositories/acme/cfct-config/src/" + COMMIT
        + "/lambda/layers/requests/python/requests/api.py")).atPriority(2)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/x-python")
            .withBody("def get(url): return url\n").withFixedDelay(4_000)));
    long deadline = System.currentTimeMillis()
        + TimeBudget.DEFAULT_RESERVE.dividedBy(2).toMillis() + 1_500;
    InvocationContext running = new InvocationContext("11111111-2222-3333-4444-555555555555",
        () -> (int) (deadline - System.currentTimeMillis()));

    JsonNode response = rig.invoke(rig.container(), jobEvent(), running);

    assertThat(rig.codePipeline.requests("PutJobFailureResult")).singleElement()
        .satisfies(failure -> assertThat(failure.path("failureDetails").path("message").asText())
            .startsWith("the invocation ran out of time before the job finished"));
    assertThat(rig.codePipeline.requests("PutJobSuccessResult"))
        .as("the package finished after the job was reported: it is not reported again").isEmpty();
    assertThat(response.path("ok").asBoolean()).isFalse();
    assertThat(response.path("job").path("result").asText()).isEqualTo("failed");
  }

  /**
   * Replaces a package's listing (one listing, {@code max_depth} levels deep) with one that claims
   * a file of {@code size} bytes in a folder of its own.
   */
  private void hugeListing(String folder, String file, long size) {
    ObjectNode page = JSON.createObjectNode();
    page.put("pagelen", 100);
    String parent = file.substring(0, file.lastIndexOf('/'));
    page.withArray("values").addObject().put("path", parent).put("type", "commit_directory")
        .putObject("commit").put("type", "commit").put("hash", COMMIT);
    ObjectNode value = page.withArray("values").addObject();
    String self = SERVERS.bitbucket.baseUrl() + "/2.0/repositories/acme/cfct-config/src/"
        + COMMIT + "/" + file;
    value.putObject("links").set("self", JSON.createObjectNode().put("href", self));
    value.put("path", file);
    ObjectNode commit = value.putObject("commit");
    commit.put("type", "commit");
    commit.put("hash", COMMIT);
    value.putArray("attributes").add("binary");
    value.put("type", "commit_file");
    value.put("size", size);
    page.put("page", 1);
    SERVERS.bitbucket.stubFor(get(urlEqualTo("/2.0/repositories/acme/cfct-config/src/"
        + COMMIT + "/" + folder + "/?pagelen=100&max_depth=10")).atPriority(2)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(page.toString())));
  }
}
