package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.amazonaws.services.lambda.runtime.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deployment template and the code agree on the handler, the runtime and the variables. */
class DeployTemplateTest {

  static final Path TEMPLATE = Path.of("deploy", "template.yaml");
  /** Variables for the JVM or the runtime, not for layerkit. */
  private static final Set<String> RUNTIME_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

  private static JsonNode template;
  private static JsonNode function;

  @BeforeAll
  static void read() throws IOException {
    // The template uses only long-form intrinsics (Ref:, Fn::Sub:), so plain YAML reads it.
    template = new YAMLMapper().readTree(TEMPLATE.toFile());
    function = template.path("Resources").path("LayerkitFunction").path("Properties");
  }

  @Test
  void theHandlerIsTheStreamHandlerMethod() throws NoSuchMethodException {
    String handler = function.path("Handler").asText();

    assertThat(handler).isEqualTo(LayerkitHandler.class.getName() + "::handleRequest");
    assertThat(LayerkitHandler.class.getMethod("handleRequest", InputStream.class,
        OutputStream.class, Context.class)).isNotNull();
  }

  @Test
  void theRuntimeRunsTheBytecodeThisBuildProduces() {
    String runtime = function.path("Runtime").asText();
    int release = Integer.parseInt(System.getProperty("java.specification.version"));

    assertThat(runtime).isIn("java17", "java21");
    assertThat(Integer.parseInt(runtime.substring("java".length())))
        .as("the runtime must be at least the compiler's release 17").isGreaterThanOrEqualTo(17);
    assertThat(release).isGreaterThanOrEqualTo(17);
  }

  @Test
  void theCodeIsTheShadedJarNextToTheTemplate() {
    Path codeUri = TEMPLATE.getParent().resolve(function.path("CodeUri").asText()).normalize();

    assertThat(codeUri).isEqualTo(Path.of("target", "layerkit.jar"));
  }

  @Test
  void theEnvironmentSetsExactlyTheVariablesTheCodeReads() {
    Set<String> names = new HashSet<>();
    function.path("Environment").path("Variables").fieldNames().forEachRemaining(names::add);
    names.removeAll(RUNTIME_VARIABLES);

    assertThat(names).containsExactlyInAnyOrderElementsOf(LambdaEnvironment.VARIABLES);
  }

  @Test
  void everyRequiredVariableComesFromAParameterWithoutDefault() {
    JsonNode variables = function.path("Environment").path("Variables");
    List<String> unset = new ArrayList<>();
    for (String name : LambdaEnvironment.REQUIRED) {
      String parameter = variables.path(name).path("Ref").asText();
      JsonNode declared = template.path("Parameters").path(parameter);
      boolean required = declared.isObject() && !declared.has("Default")
          || !declared.path("Default").asText().isEmpty();
      if (!required) {
        unset.add(name);
      }
    }
    assertThat(unset).as("required variables that the template may leave empty").isEmpty();
  }

  @Test
  void theRuleMatchesTheEventTheParserAccepts() {
    JsonNode pattern = template.path("Resources").path("PipelineStartedRule").path("Properties")
        .path("EventPattern");

    assertThat(pattern.path("source").get(0).asText()).isEqualTo("aws.codepipeline");
    assertThat(pattern.path("detail-type").get(0).asText())
        .isEqualTo("CodePipeline Pipeline Execution State Change");
    assertThat(pattern.path("detail").path("state")).hasSize(1);
    assertThat(pattern.path("detail").path("state").get(0).asText()).isEqualTo("STARTED");
    assertThat(pattern.path("detail").path("pipeline").get(0).path("Ref").asText())
        .isEqualTo("PipelineName");
  }

  @Test
  void theRoleMayEndJobsAndReadTheTokenOnly() {
    String policy = template.path("Resources").path("LayerkitRole").toString();

    assertThat(policy).contains("codepipeline:PutJobSuccessResult",
        "codepipeline:PutJobFailureResult", "codepipeline:GetPipelineExecution",
        "parameter${BitbucketTokenParameter}", "kms:EncryptionContext:PARAMETER_ARN");
    assertThat(policy).doesNotContain("\"s3:*\"", "\"ssm:*\"", "\"lambda:*\"", "\"Action\":\"*\"");
  }
}
