package io.layerkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The fan-out state machine as {@code deploy/template.yaml} defines it: the {@code Definition}
 * with its {@code DefinitionSubstitutions} filled in as CloudFormation fills them (text, so a
 * number becomes a string). Read with Jackson's YAML reader, which reads a CloudFormation tag
 * ({@code !Sub}, {@code !GetAtt}) as the plain value under it, so short forms would not stop it.
 */
final class StateMachineDefinition {

  static final String RESOURCE = "FanOutStateMachine";
  private static final ObjectMapper JSON = new ObjectMapper();

  private StateMachineDefinition() {}

  static JsonNode template() throws IOException {
    return read(DeployTemplateTest.TEMPLATE);
  }

  static JsonNode read(Path template) throws IOException {
    return new YAMLMapper().readTree(template.toFile());
  }

  /** The definition with every {@code ${Name}} replaced by {@code values}' text. */
  static ObjectNode definition(Map<String, String> values) throws IOException {
    JsonNode definition = template().path("Resources").path(RESOURCE).path("Properties")
        .path("Definition");
    String text = JSON.writeValueAsString(definition);
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("${" + value.getKey() + "}", value.getValue());
    }
    return (ObjectNode) JSON.readTree(text);
  }
}
