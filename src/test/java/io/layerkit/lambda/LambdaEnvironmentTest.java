package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.config.ConfigException;
import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The function's variables through its front door and the shared resolver: what they configure,
 * and that a missing or malformed one fails with one line naming it.
 */
class LambdaEnvironmentTest {

  static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("BITBUCKET_WORKSPACE", "acme");
    env.put("BITBUCKET_REPOSITORY", "cfct-config");
    env.put("BITBUCKET_BRANCH", "main");
    env.put("BITBUCKET_TOKEN_PARAMETER", "/layerkit/bitbucket-token");
    env.put("PACKAGE_PATHS", "lambda/layers/requests, lambda/layers/tools/");
    env.put("BUCKET_NAME", "acme-layers");
    return env;
  }

  /** The configuration the variables give, resolved the way an invocation resolves it. */
  static LayerkitConfig resolve(Map<String, String> vars) {
    try (FunctionRuntime runtime = FunctionRuntime.forProcess(vars, new ObjectMapper())) {
      return runtime.config(ConfigOverrides.none());
    }
  }

  @Test
  void theOriginalVariablesAloneGiveAWorkingConfiguration() {
    LambdaEnvironment env = LambdaEnvironment.from(minimal());
    assertThat(env.bucket()).isEqualTo("acme-layers");
    assertThat(env.bucketPrefix()).isEmpty();
    assertThat(env.branch()).isEqualTo("main");

    LayerkitConfig config = resolve(minimal());
    assertThat(config.source().uri()).isEqualTo("bitbucket://acme/cfct-config");
    assertThat(config.source().ref()).contains("main");
    assertThat(config.source().token().parameterName()).contains("/layerkit/bitbucket-token");
    assertThat(config.source().token().username()).isEmpty();
    assertThat(config.store()).isEqualTo("s3://acme-layers/");
    assertThat(config.registry()).isEqualTo("ssm:/layerkit");
    assertThat(config.packages()).extracting(PackageSpec::name).containsExactly("requests", "tools");
    assertThat(config.packages()).extracting(PackageSpec::path)
        .containsExactly("lambda/layers/requests", "lambda/layers/tools");
    assertThat(config.publish().publishLayer()).isFalse();
    assertThat(config.aws().endpointUrl()).as("endpoints stay with the SDK's AWS_ENDPOINT_URL*")
        .isEmpty();
    assertThat(config.outDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
    assertThat(config.archive().concurrency())
        .as("Bitbucket downloads wait on the network: many in flight, whatever the vCPUs")
        .isGreaterThanOrEqualTo(16);
  }

  @Test
  void optionalVariablesAreRead() {
    Map<String, String> vars = minimal();
    vars.put("BUCKET_PREFIX", "/layers");
    vars.put("PARAMETER_PREFIX", "/platform/layers/");
    vars.put("PUBLISH_LAYERS", "TRUE");
    vars.put("SHARE_WITH", "123456789012,o-abcdef1234");
    vars.put("COMPATIBLE_RUNTIMES", "python3.12,python3.13");
    vars.put("COMPATIBLE_ARCHITECTURES", "arm64");
    vars.put("LAYER_LICENSE", "Apache-2.0");
    vars.put("BITBUCKET_API_URL", "http://127.0.0.1:8080/");
    vars.put("BITBUCKET_USERNAME", "ops@example.com");

    LayerkitConfig config = resolve(vars);

    assertThat(config.store()).isEqualTo("s3://acme-layers/layers/");
    assertThat(config.registry()).isEqualTo("ssm:/platform/layers");
    assertThat(config.publish().publishLayer()).isTrue();
    assertThat(config.publish().share()).containsExactly("123456789012", "o-abcdef1234");
    assertThat(config.publish().allowPublic()).isFalse();
    assertThat(config.publish().runtimes()).containsExactly("python3.12", "python3.13");
    assertThat(config.publish().architectures()).containsExactly("arm64");
    assertThat(config.publish().license()).contains("Apache-2.0");
    assertThat(config.source().apiUrl()).contains("http://127.0.0.1:8080/");
    assertThat(config.source().token().username()).contains("ops@example.com");
  }

  @Test
  void blankValuesCountAsUnset() {
    Map<String, String> vars = minimal();
    vars.put("SHARE_WITH", "");
    vars.put("BUCKET_PREFIX", " ");
    vars.put("PUBLISH_LAYERS", "");

    LayerkitConfig config = resolve(vars);

    assertThat(config.publish().share()).isEmpty();
    assertThat(config.store()).isEqualTo("s3://acme-layers/");
    assertThat(config.publish().publishLayer()).isFalse();
    assertThat(config.source().token().username()).isEqualTo(Optional.empty());
  }

  @Test
  void packagePathsMayRenameAPackage() {
    Map<String, String> vars = minimal();
    vars.put("PACKAGE_PATHS", "python3-12=layers/python3.12, lambda/layers/tools");
    vars.put("PUBLISH_LAYERS", "true");

    assertThat(resolve(vars).packages()).extracting(PackageSpec::name, PackageSpec::path)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("python3-12", "layers/python3.12"),
            org.assertj.core.groups.Tuple.tuple("tools", "lambda/layers/tools"));
  }

  @Test
  void everyRequiredVariableIsNamedWhenMissing() {
    for (String name : LambdaEnvironment.REQUIRED) {
      Map<String, String> vars = minimal();
      vars.remove(name);
      assertThatThrownBy(() -> resolve(vars))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(name + " is not set")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "BITBUCKET_WORKSPACE | acme team                 | BITBUCKET_WORKSPACE 'acme team' is malformed",
      "BITBUCKET_BRANCH    | feature..x                | BITBUCKET_BRANCH 'feature..x' is not a valid Git ref",
      "BUCKET_NAME         | Acme_Layers               | BUCKET_NAME 'Acme_Layers' is not a valid S3 bucket name",
      "PACKAGE_PATHS       | lambda/layers/a,,b        | PACKAGE_PATHS has an empty entry at position 2",
      "PACKAGE_PATHS       | ../outside                | PACKAGE_PATHS '../outside' is not a safe folder path",
      "PACKAGE_PATHS       | .                         | PACKAGE_PATHS '.' is the repository root",
      "PACKAGE_PATHS       | a/requests,b/requests     | PACKAGE_PATHS names 'a/requests' and 'b/requests'",
      "BUCKET_PREFIX       | layers/../x               | BUCKET_PREFIX 'layers/../x' is not a usable key prefix",
      "PARAMETER_PREFIX    | layerkit                  | PARAMETER_PREFIX 'layerkit' is not an SSM parameter path",
      "PARAMETER_PREFIX    | /aws/layers               | PARAMETER_PREFIX '/aws/layers' starts with a name SSM reserves",
      "PUBLISH_LAYERS      | yes                       | PUBLISH_LAYERS 'yes' is not a boolean",
      "ALLOW_PUBLIC_LAYERS | 1                         | ALLOW_PUBLIC_LAYERS '1' is not a boolean",
      "COMPATIBLE_RUNTIMES | Python 3                  | COMPATIBLE_RUNTIMES 'Python 3' is not a Lambda runtime identifier",
      "COMPATIBLE_ARCHITECTURES | amd64                | COMPATIBLE_ARCHITECTURES 'amd64' is not an architecture",
      "BITBUCKET_API_URL   | ftp://example.com         | BITBUCKET_API_URL 'ftp://example.com' must be an http(s) URL",
      "BITBUCKET_TOKEN_PARAMETER | token name          | BITBUCKET_TOKEN_PARAMETER is not an SSM parameter name",
  })
  void aMalformedVariableFailsWithOneLineNamingIt(String name, String value, String message) {
    Map<String, String> vars = minimal();
    vars.put(name, value);

    assertThatThrownBy(() -> resolve(vars))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aTokenPastedAsTheParameterNameIsRefusedWithoutRepeatingIt() {
    Map<String, String> vars = minimal();
    vars.put("BITBUCKET_TOKEN_PARAMETER", "ATCTT3xFfGN0-s3cr3t+K9=");

    assertThatThrownBy(() -> resolve(vars))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("BITBUCKET_TOKEN_PARAMETER is not an SSM parameter name")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  @Test
  void sharingWithoutPublishingIsRefused() {
    Map<String, String> vars = minimal();
    vars.put("SHARE_WITH", "123456789012");

    assertThatThrownBy(() -> resolve(vars))
        .hasMessageStartingWith("SHARE_WITH is set but PUBLISH_LAYERS is not");
  }

  @Test
  void aShareEntryMustBeAnAccountAnOrganizationOrStar() {
    Map<String, String> vars = minimal();
    vars.put("PUBLISH_LAYERS", "true");
    vars.put("SHARE_WITH", "12345");
    assertThatThrownBy(() -> resolve(vars))
        .hasMessageStartingWith("SHARE_WITH '12345' is neither");
  }

  @Test
  void sharingWithEveryAccountNeedsItsOwnConfirmation() {
    Map<String, String> vars = minimal();
    vars.put("PUBLISH_LAYERS", "true");
    vars.put("SHARE_WITH", "o-a1b2c3d4e5,*");

    assertThatThrownBy(() -> resolve(vars))
        .isInstanceOf(ConfigException.class)
        .hasMessage("SHARE_WITH contains '*', which lets every AWS account use the layers: turn on "
            + "ALLOW_PUBLIC_LAYERS to confirm, or share with account or organization ids");

    vars.put("ALLOW_PUBLIC_LAYERS", "true");
    assertThat(resolve(vars).publish().allowPublic()).isTrue();
  }

  @Test
  void aControlCharacterInAValueIsShownEscaped() {
    Map<String, String> vars = minimal();
    vars.put("BUCKET_NAME", "acme\u0007layers");

    assertThatThrownBy(() -> resolve(vars))
        .hasMessageContaining("'acme\\x07layers'");
  }

  @Test
  void refsHeadsPrefixIsDropped() {
    Map<String, String> vars = minimal();
    vars.put("BITBUCKET_BRANCH", "refs/heads/release/2026");

    assertThat(LambdaEnvironment.from(vars).branch()).isEqualTo("release/2026");
    assertThat(resolve(vars).source().ref()).contains("release/2026");
  }
}
