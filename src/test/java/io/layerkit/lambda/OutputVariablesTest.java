package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutputVariablesTest {

  private static final Pattern API_KEY = Pattern.compile("[A-Za-z0-9@\\-_]+");
  private static final String SHA = "a".repeat(64);

  @Test
  void eachPackageGivesStatusKeyDigestAndArn() {
    Map<String, String> variables = OutputVariables.of("c0ffee", List.of(
        new PackageOutput("requests", "created", "layers/requests/requests-20261123223500.zip",
            SHA, "arn:aws:lambda:us-east-1:111111111111:layer:requests:3"),
        new PackageOutput("tools", "unchanged", "layers/tools/tools-20261101000000.zip", SHA,
            null)));

    assertThat(variables).containsExactly(
        Map.entry("commit", "c0ffee"),
        Map.entry("requests_status", "created"),
        Map.entry("requests_key", "layers/requests/requests-20261123223500.zip"),
        Map.entry("requests_sha256", SHA),
        Map.entry("requests_layerVersionArn",
            "arn:aws:lambda:us-east-1:111111111111:layer:requests:3"),
        Map.entry("tools_status", "unchanged"),
        Map.entry("tools_key", "layers/tools/tools-20261101000000.zip"),
        Map.entry("tools_sha256", SHA));
  }

  @Test
  void namesFollowTheApiPatternAndStayDistinct() {
    Map<String, String> variables = OutputVariables.of("c0ffee", List.of(
        new PackageOutput("py.requests", "created", "k1", SHA, null),
        new PackageOutput("py_requests", "created", "k2", SHA, null),
        new PackageOutput("jq 1.7", "created", "k3", SHA, null)));

    assertThat(variables.keySet()).allMatch(k -> API_KEY.matcher(k).matches());
    assertThat(variables).containsEntry("py_requests_key", "k1")
        .containsEntry("py_requests_2_key", "k2")
        .containsEntry("jq_1_7_key", "k3");
  }

  @Test
  void theTotalStaysWithinTheApiLimitAndSaysWhenCut() {
    List<PackageOutput> many = IntStream.range(0, 2000)
        .mapToObj(i -> new PackageOutput("package-" + i, "created",
            "layers/package-" + i + "/package-" + i + "-20261123223500.zip", SHA,
            "arn:aws:lambda:us-east-1:111111111111:layer:package-" + i + ":1"))
        .toList();

    Map<String, String> variables = OutputVariables.of("c0ffee", many);

    int bytes = variables.entrySet().stream().mapToInt(e ->
        e.getKey().getBytes(StandardCharsets.UTF_8).length
            + e.getValue().getBytes(StandardCharsets.UTF_8).length).sum();
    assertThat(bytes).isLessThanOrEqualTo(OutputVariables.MAX_TOTAL_BYTES);
    assertThat(variables).containsEntry("truncated", "true").containsKey("package-0_key");
    assertThat(variables).doesNotContainKey("package-1999_key");
  }
}
