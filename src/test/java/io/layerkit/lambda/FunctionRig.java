package io.layerkit.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.source.bitbucket.BitbucketApiStub;
import io.layerkit.source.bitbucket.RepoTree;
import io.layerkit.testing.MotoServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The function as deployed, for tests: the handler built from environment variables, its AWS
 * clients finding moto_server and the CodePipeline API on WireMock through the SDK's own endpoint
 * settings, a Bitbucket repository on WireMock that insists on the token from the SecureString,
 * and the JSON log lines it wrote. {@link FunctionServers} opens one for every test.
 */
final class FunctionRig implements AutoCloseable {

  static final String WORKSPACE = "acme";
  static final String REPOSITORY = "cfct-config";
  static final String TOKEN = "bb-access-token-7f3a9c";
  static final String TOKEN_PARAMETER = "/layerkit/bitbucket-token";
  static final String BUCKET = "acme-layers";

  final S3Client s3;
  final SsmClient ssm;
  final BitbucketApiStub bitbucket;
  final CodePipelineApi codePipeline;
  final Map<String, String> variables = new HashMap<>();
  private final FunctionContainers containers = new FunctionContainers();
  private final SdkSystemProperties sdk;

  FunctionRig(MotoServer moto, WireMockExtension bitbucketServer, CodePipelineApi codePipeline) {
    s3 = moto.client(S3Client.builder().forcePathStyle(true));
    ssm = moto.client(SsmClient.builder());
    s3.createBucket(b -> b.bucket(BUCKET));
    storeToken(TOKEN);

    bitbucket = new BitbucketApiStub(bitbucketServer.getRuntimeInfo().getWireMock(),
        bitbucketServer.baseUrl(), WORKSPACE, REPOSITORY);
    // Bitbucket's answer to a token it does not know, for every request without the right one
    bitbucketServer.stubFor(get(anyUrl()).atPriority(1)
        .withHeader("Authorization", notMatching(Pattern.quote("Bearer " + TOKEN)))
        .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
            .withBody("{\"type\": \"error\", \"error\": {\"message\": "
                + "\"Token is invalid, expired, or not supported for this endpoint.\"}}")));

    this.codePipeline = codePipeline;
    codePipeline.acceptJobResults();
    sdk = SdkSystemProperties.pointAt(moto.endpoint().toString(), codePipeline.baseUrl());

    variables.putAll(LambdaEnvironmentTest.minimal());
    variables.put("BITBUCKET_WORKSPACE", WORKSPACE);
    variables.put("BITBUCKET_REPOSITORY", REPOSITORY);
    variables.put("BITBUCKET_TOKEN_PARAMETER", TOKEN_PARAMETER);
    variables.put("BITBUCKET_API_URL", bitbucketServer.baseUrl());
    variables.put("BUCKET_NAME", BUCKET);
    variables.put("BUCKET_PREFIX", "layers/");
    variables.put("PACKAGE_PATHS", "lambda/layers/requests,lambda/layers/tools");
  }

  /** Two layer folders, {@code requests} and {@code tools}, and a file outside them. */
  static RepoTree layers() {
    return new RepoTree()
        .file("lambda/layers/requests/python/requests/__init__.py", "from .api import get\n")
        .file("lambda/layers/requests/python/requests/api.py", "def get(url): return url\n")
        .executable("lambda/layers/tools/bin/jq", "#!/bin/sh\necho jq\n")
        .symlink("lambda/layers/tools/bin/yq", "jq")
        .file("README.md", "not part of any layer\n");
  }

  /** The repository with its main branch at {@code commit}, which holds {@link #layers()}. */
  void mainBranchAt(String commit) {
    bitbucket.repository("main");
    bitbucket.branch("main", commit);
    bitbucket.commit(commit, commit);
    bitbucket.tree(commit, layers(), 100);
  }

  void storeToken(String value) {
    ssm.putParameter(b -> b.name(TOKEN_PARAMETER).type(ParameterType.SECURE_STRING).value(value)
        .overwrite(true));
  }

  /** A fresh container: a new handler with its own runtime and clients. */
  LayerkitHandler container() {
    return containers.start(variables);
  }

  /** A fresh container writing its log lines to {@code logOut}. */
  LayerkitHandler container(PrintStream logOut) {
    return containers.start(variables, logOut);
  }

  /** The rig's log, but the first line containing {@code fragment} throws {@code error} instead. */
  PrintStream logThrowingAt(String fragment, Error error) {
    return containers.logThrowingAt(fragment, error);
  }

  JsonNode invoke(LayerkitHandler handler, byte[] event, InvocationContext context)
      throws IOException {
    return containers.invoke(handler, event, context);
  }

  String logText() {
    return containers.logText();
  }

  List<JsonNode> logLines() throws IOException {
    return containers.logLines();
  }

  List<String> storedKeys() {
    return s3.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream().map(o -> o.key()).toList();
  }

  /** The layer zips in the bucket, without their SBOMs, provenance and the execution ledger. */
  List<String> storedZips() {
    return storedKeys().stream().filter(k -> k.endsWith(".zip")).toList();
  }

  /** Entries the pipeline left in the temporary folder (it makes {@code layerkit-*} folders). */
  static List<Path> leftovers() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries.filter(p -> p.getFileName().toString().startsWith("layerkit-")).toList();
    }
  }

  @Override
  public void close() {
    containers.close();
    sdk.close();
    s3.close();
    ssm.close();
  }
}
