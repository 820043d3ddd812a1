package io.layerkit.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProvenanceStatementTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void writesAnInTotoStatementWithTheSlsaV1FieldsInPlace() throws Exception {
    JsonNode statement = JSON.readTree(ProvenanceStatement.toJson(SampleBuilds.fromBitbucket()));

    assertThat(statement.get("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
    assertThat(statement.get("predicateType").asText()).isEqualTo("https://slsa.dev/provenance/v1");
    assertThat(statement.at("/subject/0/name").asText()).isEqualTo("requests-20261123223500.zip");
    assertThat(statement.at("/subject/0/digest/sha256").asText()).isEqualTo(SampleBuilds.ZIP_SHA256);
    JsonNode definition = statement.at("/predicate/buildDefinition");
    assertThat(definition.get("buildType").asText()).isEqualTo(ProvenanceStatement.BUILD_TYPE);
    assertThat(JSON.writeValueAsString(definition.get("externalParameters"))).isEqualTo(
        "{\"source\":\"bitbucket://acme/cfct-config\",\"ref\":\"main\","
            + "\"path\":\"lambda/layers/requests\",\"timestamp\":\"1980-01-01T00:00:00Z\"}");
    assertThat(definition.at("/resolvedDependencies/0/uri").asText())
        .isEqualTo("git+https://bitbucket.org/acme/cfct-config.git");
    assertThat(definition.at("/resolvedDependencies/0/digest/gitCommit").asText())
        .isEqualTo(SampleBuilds.COMMIT);
    JsonNode run = statement.at("/predicate/runDetails");
    assertThat(run.at("/builder/id").asText())
        .isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:layerkit-layerkit");
    assertThat(run.at("/builder/version/layerkit").asText()).isEqualTo("0.1.0");
    assertThat(run.at("/metadata/invocationId").asText())
        .isEqualTo("c0a8f2d6-2b1e-4c39-9a51-3f3e0e2f6b7d");
    assertThat(run.at("/metadata/startedOn").asText()).isEqualTo("2026-11-23T22:35:00.125Z");
    assertThat(run.at("/metadata/finishedOn").asText()).isEqualTo("2026-11-23T22:35:07.500Z");
    assertThat(run.at("/byproducts/0/mediaType").asText()).isEqualTo("application/vnd.cyclonedx+json");
  }

  @Test
  void aFolderBuildHasNoRefNoDependencyAndTheCliBuilder() throws Exception {
    JsonNode statement = JSON.readTree(ProvenanceStatement.toJson(SampleBuilds.fromFolder()));

    assertThat(statement.at("/predicate/buildDefinition/externalParameters").has("ref")).isFalse();
    assertThat(statement.at("/predicate/buildDefinition").has("resolvedDependencies")).isFalse();
    assertThat(statement.at("/predicate/runDetails/builder/id").asText()).isEqualTo("layerkit/0.1.0");
    assertThat(statement.at("/predicate/runDetails").has("byproducts")).isFalse();
  }

  @Test
  void theSameRecordGivesTheSameBytesAndReadsBackAsItself() throws Exception {
    for (BuildRecord build : new BuildRecord[] {SampleBuilds.fromBitbucket(), SampleBuilds.fromFolder()}) {
      byte[] json = ProvenanceStatement.toJson(build);
      assertThat(ProvenanceStatement.toJson(build)).isEqualTo(json);
      assertThat(ProvenanceStatement.parse(json)).isEqualTo(build);
    }
  }

  @Test
  void readingRefusesWhatIsNotLayerkitsStatementNamingTheField() throws Exception {
    byte[] json = ProvenanceStatement.toJson(SampleBuilds.fromBitbucket());

    assertThatThrownBy(() -> ProvenanceStatement.parse(edit(json, "/predicate/buildDefinition/externalParameters", "extra", "x")))
        .isInstanceOf(ProvenanceException.class).hasMessage("unexpected external parameters [extra] in the provenance statement");
    assertThatThrownBy(() -> ProvenanceStatement.parse(edit(json, "", "predicateType", "https://slsa.dev/provenance/v0.2")))
        .hasMessage("predicateType is 'https://slsa.dev/provenance/v0.2', not https://slsa.dev/provenance/v1");
    assertThatThrownBy(() -> ProvenanceStatement.parse(edit(json, "/subject/0/digest", "sha256", "abc")))
        .hasMessage("'requests-20261123223500.zip' in the provenance statement: not a lowercase hex SHA-256: abc");
    assertThatThrownBy(() -> ProvenanceStatement.parse("{\"_type\": 1}".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("the provenance statement has no text field '_type'");
    assertThatThrownBy(() -> ProvenanceStatement.parse("not json".getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("the provenance statement is not JSON: ");
  }

  static byte[] edit(byte[] json, String at, String field, String value) throws Exception {
    JsonNode tree = JSON.readTree(json);
    ((ObjectNode) tree.at(at)).put(field, value);
    return JSON.writeValueAsBytes(tree);
  }
}
