package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.cli.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * One configuration path: the command line (through picocli, as a script runs it) and the
 * function (through its handler, configured by environment variables) are given the same bad
 * configuration, against moto_server and a Bitbucket repository on WireMock, and both refuse it
 * with the same one-line message, differing only in the names the user set (--share there,
 * SHARE_WITH here), before a single object or parameter is written.
 */
class BothFrontDoorsRefuseTheSameConfigurationTest {

  @RegisterExtension
  static final FunctionServers SERVERS = new FunctionServers();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PACKAGE = "lambda/layers/requests";

  /** Each command-line name and the function's variable for the same setting. */
  private static final Map<String, String> SAME_SETTING = new LinkedHashMap<>();

  static {
    SAME_SETTING.put("PACKAGE_PATH", "PACKAGE_PATHS");
    SAME_SETTING.put("--publish-layer", "PUBLISH_LAYERS");
    SAME_SETTING.put("--share", "SHARE_WITH");
    SAME_SETTING.put("--allow-public", "ALLOW_PUBLIC_LAYERS");
    SAME_SETTING.put("--arch", "COMPATIBLE_ARCHITECTURES");
    SAME_SETTING.put("--runtime", "COMPATIBLE_RUNTIMES");
    SAME_SETTING.put("--license", "LAYER_LICENSE");
    SAME_SETTING.put("--store bucket", "BUCKET_NAME");
    SAME_SETTING.put("--store prefix", "BUCKET_PREFIX");
    SAME_SETTING.put("--registry path", "PARAMETER_PREFIX");
    SAME_SETTING.put("--api-url", "BITBUCKET_API_URL");
    SAME_SETTING.put("--ref", "BITBUCKET_BRANCH");
    SAME_SETTING.put("--attestation-key", "ATTESTATION_KEY");
    SAME_SETTING.put("--signing-profile", "SIGNING_PROFILE");
  }

  @TempDir Path dir;
  private FunctionRig rig;
  private Path emptyConfig;

  @BeforeEach
  void setUp() throws IOException {
    rig = SERVERS.rig();
    rig.mainBranchAt("3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39");
    emptyConfig = Files.writeString(dir.resolve("layerkit.yaml"), "");
  }

  /** A bad configuration as command-line arguments and as the function's variables. */
  record Case(String what, List<String> flags, Map<String, String> variables, String core) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Arguments> badConfigurations() {
    String license = "x".repeat(600);
    List<String> runtimes = IntStream.range(0, 16).mapToObj(i -> "python3." + i).toList();
    List<String> runtimeFlags = new ArrayList<>();
    runtimes.forEach(r -> runtimeFlags.addAll(List.of("--runtime", r)));
    return Stream.of(
        new Case("a package name with '.' while publishing",
            List.of("--publish-layer", "layers/python3.12"),
            Map.of("PUBLISH_LAYERS", "true", "PACKAGE_PATHS", "layers/python3.12"),
            "which Lambda does not accept as a layer name"),
        new Case("a share entry that is no account id",
            List.of("--publish-layer", "--share", "12345", PACKAGE),
            Map.of("PUBLISH_LAYERS", "true", "SHARE_WITH", "12345"),
            "'12345' is neither a 12-digit account id, an organization id (o-...) nor '*'"),
        new Case("* without allowing public layers",
            List.of("--publish-layer", "--share", "*", PACKAGE),
            Map.of("PUBLISH_LAYERS", "true", "SHARE_WITH", "*"),
            "contains '*', which lets every AWS account use the layers"),
        new Case("an architecture Lambda does not know",
            List.of("--arch", "amd64", PACKAGE),
            Map.of("COMPATIBLE_ARCHITECTURES", "amd64"),
            "'amd64' is not an architecture Lambda knows: use x86_64 and/or arm64"),
        new Case("a parameter path SSM reserves",
            List.of("--registry", "ssm:/aws/layers", PACKAGE),
            Map.of("PARAMETER_PREFIX", "/aws/layers"),
            "'/aws/layers' starts with a name SSM reserves ('aws' or 'ssm')"),
        new Case("a malformed bucket name",
            List.of("--store", "s3://Acme_Layers/layers/", PACKAGE),
            Map.of("BUCKET_NAME", "Acme_Layers"),
            "'Acme_Layers' is not a valid S3 bucket name"),
        new Case("a key prefix that climbs out",
            List.of("--store", "s3://acme-layers/layers/../x", PACKAGE),
            Map.of("BUCKET_PREFIX", "layers/../x"),
            "'layers/../x' is not a usable key prefix"),
        new Case("sharing without publishing",
            List.of("--share", "123456789012", PACKAGE),
            Map.of("SHARE_WITH", "123456789012"),
            "sharing applies to published layer versions"),
        new Case("a license longer than Lambda's 512 characters",
            List.of("--publish-layer", "--license", license, PACKAGE),
            Map.of("PUBLISH_LAYERS", "true", "LAYER_LICENSE", license),
            "is 600 characters long; Lambda allows at most 512"),
        new Case("more runtimes than a layer version allows",
            Stream.concat(runtimeFlags.stream(), Stream.of(PACKAGE)).toList(),
            Map.of("COMPATIBLE_RUNTIMES", String.join(",", runtimes)),
            "lists 16 runtimes; a layer version allows at most 15"),
        new Case("an API URL that is not http(s)",
            List.of("--api-url", "ftp://api.example.com", PACKAGE),
            Map.of("BITBUCKET_API_URL", "ftp://api.example.com"),
            "'ftp://api.example.com' must be an http(s) URL"),
        new Case("a ref Git cannot have",
            List.of("--ref", "feature..x", PACKAGE),
            Map.of("BITBUCKET_BRANCH", "feature..x"),
            "'feature..x' is not a valid Git ref"),
        new Case("an attestation key that is no KMS key",
            List.of("--attestation-key", "layerkit provenance", PACKAGE),
            Map.of("ATTESTATION_KEY", "layerkit provenance"),
            "'layerkit provenance' is not a KMS key: give a key id, key ARN, alias/NAME or alias"
                + " ARN"),
        new Case("a signing profile name Signer cannot have",
            List.of("--signing-profile", "layerkit-prod", PACKAGE),
            Map.of("SIGNING_PROFILE", "layerkit-prod"),
            "'layerkit-prod' is not a signing profile name"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigurations")
  void bothRefuseWithTheSameLineAndWriteNothing(Case bad) throws IOException {
    String fromCli = commandLine(bad.flags());
    String fromFunction = function(bad.variables());

    assertThat(fromFunction).contains(bad.core()).doesNotContain("\n");
    assertThat(inFunctionNames(fromCli)).isEqualTo(fromFunction);
    assertThat(rig.storedKeys()).as("no object in the bucket").isEmpty();
    assertThat(parameters()).as("no parameter but the token")
        .containsExactly(FunctionRig.TOKEN_PARAMETER);
  }

  @Test
  void aPackageBothDoorsRefuseAsLayerNameIsPublishedOnceRenamed() throws IOException {
    rig.variables.put("PACKAGE_PATHS", "requests-layer=" + PACKAGE);
    JsonNode report = rig.invoke(rig.container(), "{}".getBytes(StandardCharsets.UTF_8),
        InvocationContext.plenty("2b1f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"));

    assertThat(report.path("ok").asBoolean()).as(report.toString()).isTrue();
    assertThat(report.path("packages").get(0).path("package").asText()).isEqualTo("requests-layer");
    assertThat(rig.storedZips()).singleElement().asString()
        .startsWith("layers/requests-layer/requests-layer-");
    assertThat(parameters()).contains("/layerkit/requests-layer");
  }

  @Test
  void anInvocationsPackageListIsCheckedByTheSameRules() {
    rig.variables.put("PUBLISH_LAYERS", "true");
    LayerkitHandler handler = rig.container();
    byte[] event = "{\"packages\": [\"layers/python3.12\"]}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> rig.invoke(handler, event,
        InvocationContext.plenty("5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a")))
        .isInstanceOf(LayerkitFunctionException.class)
        .hasMessage("the invocation payload \"packages\" 'layers/python3.12' gives the package"
            + " name 'python3.12', which Lambda does not accept as a layer name (letters, digits,"
            + " '-' and '_', at most 64): rename it as NAME=FOLDER (e.g."
            + " python3-12=layers/python3.12) or with name: in layerkit.yaml");
    assertThat(rig.storedKeys()).isEmpty();
  }

  /** The command line's one-line error, from its {@code --json} report; exit status 2. */
  private String commandLine(List<String> flags) throws IOException {
    // the function's working configuration, as options, unless the case gives the option itself
    Map<String, String> options = new LinkedHashMap<>();
    options.put("--config", emptyConfig.toString());
    options.put("--source", "bitbucket://" + FunctionRig.WORKSPACE + "/" + FunctionRig.REPOSITORY);
    options.put("--api-url", SERVERS.bitbucket.baseUrl());
    options.put("--token-parameter", FunctionRig.TOKEN_PARAMETER);
    options.put("--store", "s3://" + FunctionRig.BUCKET + "/layers/");
    options.put("--registry", "ssm:/layerkit");
    List<String> args = new ArrayList<>(List.of("publish", "--json"));
    options.forEach((option, value) -> {
      if (!flags.contains(option)) {
        args.addAll(List.of(option, value));
      }
    });
    args.addAll(flags);
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.path("ok").asBoolean()).isFalse();
    assertThat(run.err()).contains("layerkit: error: " + report.path("error").asText());
    return report.path("error").asText();
  }

  /** The function's one-line error for a direct invocation with these variables. */
  private String function(Map<String, String> variables) {
    rig.variables.putAll(variables);
    LayerkitHandler handler = rig.container();
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> rig.invoke(handler,
        "{}".getBytes(StandardCharsets.UTF_8),
        InvocationContext.plenty("7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928")));
    assertThat(thrown).isInstanceOf(LayerkitFunctionException.class);
    return thrown.getMessage();
  }

  /** The command line's message with each setting called what the function calls it. */
  private static String inFunctionNames(String message) {
    String renamed = message;
    for (Map.Entry<String, String> names : SAME_SETTING.entrySet()) {
      renamed = renamed.replaceAll(Pattern.quote(names.getKey()) + "(?![A-Za-z0-9_-])",
          Matcher.quoteReplacement(names.getValue()));
    }
    return renamed;
  }

  private List<String> parameters() {
    return rig.ssm.getParametersByPath(b -> b.path("/").recursive(true)).parameters().stream()
        .map(Parameter::name).sorted().toList();
  }
}
