package io.layerkit.lambda;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.publish.lambda.LambdaLayerPublisher;
import io.layerkit.retention.LayerHistory;
import io.layerkit.store.s3.S3ArtifactStore;
import io.layerkit.testing.AwsCallRecorder;
import io.layerkit.testing.AwsCallRecorder.Call;
import io.layerkit.testing.SampleZip;
import io.layerkit.testing.SignerApi;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.lambda.model.PublishLayerVersionRequest;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;

/**
 * The role in {@code deploy/template.yaml} allows every AWS call the function makes: the function
 * runs as deployed (publishing and sharing, a versioned bucket, provenance signed with a KMS key,
 * zips code-signed by AWS Signer (on WireMock), a CodePipeline job, the pipeline's STARTED event, a failing job) against moto_server and WireMock, every SDK call it makes is
 * recorded, turned into the IAM actions AWS authorizes it with (Service Authorization Reference),
 * and looked up in the role. A call the role does not allow is an outage once deployed.
 */
class DeployedRoleCoversEveryAwsCallTest {

  @RegisterExtension static final FunctionServers SERVERS = new FunctionServers();
  @RegisterExtension static final WireMockExtension SIGNER = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final String COMMIT = "9f2c4e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
  private static final String BUCKET_PREFIX = "layers/";

  private static final String SIGNER_ENDPOINT = "aws.endpointUrlSigner";

  @TempDir Path dir;
  private FunctionRig rig;
  private String previousSignerEndpoint;

  @BeforeEach
  void setUp() throws IOException {
    rig = SERVERS.rig();
    rig.s3.putBucketVersioning(b -> b.bucket(FunctionRig.BUCKET)
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    rig.variables.put("BUCKET_PREFIX", BUCKET_PREFIX);
    rig.variables.put("PUBLISH_LAYERS", "true");
    rig.variables.put("SHARE_WITH", "210987654321,o-a1b2c3d4e5");
    rig.variables.put("COMPATIBLE_RUNTIMES", "python3.12");
    rig.variables.put("STORAGE", "reference");
    try (KmsClient kms = KmsClient.builder().endpointOverride(SERVERS.moto.endpoint())
        .region(SERVERS.moto.region()).credentialsProvider(SERVERS.moto.credentials())
        .httpClient(UrlConnectionHttpClient.create()).build()) {
      rig.variables.put("ATTESTATION_KEY", kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256)
          .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn());
    }
    // code signing: Signer on WireMock, reached through the SDK's own endpoint setting
    rig.variables.put("SIGNING_PROFILE", SignerApi.PROFILE);
    String signedKey = BUCKET_PREFIX + "signed/" + SignerApi.JOB + ".zip";
    SignerApi.answer(SIGNER, FunctionRig.BUCKET, signedKey);
    rig.s3.putObject(b -> b.bucket(FunctionRig.BUCKET).key(signedKey),
        RequestBody.fromFile(SampleZip.write(dir, "signed.zip", "signed by Signer").file()));
    previousSignerEndpoint = System.getProperty(SIGNER_ENDPOINT);
    System.setProperty(SIGNER_ENDPOINT, SIGNER.baseUrl());
    rig.variables.put("RETAIN_VERSIONS", "1");
    rig.mainBranchAt(COMMIT);
    // an older version from a zip of 2025, which retention deletes with every version of its zip
    try (AwsClients clients = AwsClients.create(new AwsSettings(
        Optional.of(SERVERS.moto.region().id()), Optional.empty(),
        Optional.of(SERVERS.moto.endpoint().toString()), Optional.empty()),
        SERVERS.moto.credentials())) {
      LayerHistory.publish(S3ArtifactStore.forUri(clients.s3(),
              "s3://" + FunctionRig.BUCKET + "/" + BUCKET_PREFIX),
          new LambdaLayerPublisher(clients.lambda(), false), dir, "requests", 1);
    }
    rig.codePipeline.answer("GetPipelineExecution",
        CodePipelineApi.fixture("get-pipeline-execution.json"));
  }

  @AfterEach
  void restoreSignerEndpoint() {
    if (previousSignerEndpoint == null) {
      System.clearProperty(SIGNER_ENDPOINT);
    } else {
      System.setProperty(SIGNER_ENDPOINT, previousSignerEndpoint);
    }
  }

  @Test
  void theRoleAllowsEveryCallTheFunctionMakes() throws Exception {
    List<Call> calls = AwsCallRecorder.during(() -> {
      rig.invoke(rig.container(), EventParserTest.sample("codepipeline-job.json"),
          InvocationContext.plenty("7c1e0a52-5d0c-4b8e-9a61-3f0b2c4d5e6f"));
      rig.invoke(rig.container(), EventParserTest.sample("eventbridge-pipeline-started.json"),
          InvocationContext.plenty("21f0a7de-3c44-4b7e-8c1a-9d2e3f4a5b6c"));
      rig.storeToken("bb-revoked-token-0000");
      return rig.invoke(rig.container(), EventParserTest.sample("codepipeline-job.json"),
          InvocationContext.plenty("0a0b0c0d-1111-2222-3333-444455556666"));
    });
    assertThat(rig.codePipeline.requests("PutJobSuccessResult")).hasSize(1);
    assertThat(rig.codePipeline.requests("PutJobFailureResult")).hasSize(1);

    Set<String> needed = new TreeSet<>();
    calls.forEach(call -> needed.addAll(iamActions(call)));
    assertThat(needed).as("the runs published from a versioned bucket and ended jobs both ways")
        .contains("lambda:PublishLayerVersion", "lambda:AddLayerVersionPermission",
            "s3:GetObjectVersion", "s3:GetBucketVersioning", "codepipeline:PutJobSuccessResult",
            "codepipeline:PutJobFailureResult", "codepipeline:GetPipelineExecution",
            "kms:DescribeKey", "kms:Sign", "signer:GetSigningProfile", "signer:StartSigningJob",
            "signer:DescribeSigningJob", "lambda:ListFunctions", "lambda:DeleteLayerVersion",
            "s3:ListBucketVersions", "s3:DeleteObjectVersion");
    Set<String> granted = grantedActions();
    List<String> refused = needed.stream().filter(action -> !granted.contains(action)).toList();
    assertThat(refused).as("IAM actions the function needs that the template's role lacks")
        .isEmpty();
  }

  @Test
  void everyObjectTheFunctionTouchesIsUnderTheBucketPrefixTheRoleIsScopedTo() throws Exception {
    List<Call> calls = AwsCallRecorder.during(() -> rig.invoke(rig.container(),
        EventParserTest.sample("eventbridge-pipeline-started.json"),
        InvocationContext.plenty("21f0a7de-3c44-4b7e-8c1a-9d2e3f4a5b6c")));

    List<String> s3Paths = new ArrayList<>();
    for (Call call : calls) {
      if (call.service().equalsIgnoreCase("S3")) {
        call.request().getValueForField("Bucket", String.class)
            .ifPresent(bucket -> assertThat(bucket).isEqualTo(FunctionRig.BUCKET));
        field(call, "Key").or(() -> field(call, "Prefix")).ifPresent(s3Paths::add);
      }
    }
    assertThat(s3Paths).isNotEmpty().allSatisfy(path -> assertThat(path).startsWith(BUCKET_PREFIX));
  }

  /** The IAM actions AWS checks for one call, as the Service Authorization Reference lists them. */
  private static Set<String> iamActions(Call call) {
    String service = call.service().toLowerCase(Locale.ROOT);
    String operation = call.operation();
    Set<String> actions = new LinkedHashSet<>();
    switch (service + ":" + operation) {
      case "s3:HeadObject", "s3:GetObject" ->
          actions.add(field(call, "VersionId").isPresent() ? "s3:GetObjectVersion" : "s3:GetObject");
      case "s3:DeleteObject" ->
          actions.add(field(call, "VersionId").isPresent() ? "s3:DeleteObjectVersion" : "s3:DeleteObject");
      case "s3:ListObjectsV2" -> actions.add("s3:ListBucket");
      case "s3:ListObjectVersions" -> actions.add("s3:ListBucketVersions");
      case "lambda:PublishLayerVersion" -> {
        actions.add("lambda:PublishLayerVersion");
        // Lambda reads the object with the caller's permissions
        PublishLayerVersionRequest publish = (PublishLayerVersionRequest) call.request();
        if (publish.content().s3Bucket() != null) {
          actions.add(publish.content().s3ObjectVersion() != null
              ? "s3:GetObjectVersion" : "s3:GetObject");
        }
      }
      case "ssm:GetParameter" -> {
        actions.add("ssm:GetParameter");
        if (Boolean.TRUE.equals(((GetParameterRequest) call.request()).withDecryption())) {
          actions.add("kms:Decrypt");
        }
      }
      default -> actions.add(service + ":" + operation);
    }
    return actions;
  }

  private static Optional<String> field(Call call, String name) {
    return call.request().getValueForField(name, String.class);
  }

  /** Every action any statement of the role's inline policies allows, whatever its condition. */
  private static Set<String> grantedActions() throws IOException {
    JsonNode template = new YAMLMapper().readTree(DeployTemplateTest.TEMPLATE.toFile());
    Set<String> actions = new TreeSet<>();
    collectActions(template.path("Resources").path("LayerkitRole").path("Properties")
        .path("Policies"), actions);
    return actions;
  }

  private static void collectActions(JsonNode node, Set<String> actions) {
    if (node.has("Action")) {
      JsonNode action = node.get("Action");
      if (action.isArray()) {
        action.forEach(a -> actions.add(a.asText()));
      } else {
        actions.add(action.asText());
      }
    }
    node.forEach(child -> collectActions(child, actions));
  }
}
