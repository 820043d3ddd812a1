package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.testing.MotoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The function in its own JVM, configured only by environment variables as Lambda configures it:
 * the public no-argument constructor, the SDK finding moto_server through {@code AWS_ENDPOINT_URL}
 * and the CodePipeline API through {@code AWS_ENDPOINT_URL_CODEPIPELINE}, nothing forced in code.
 */
class HandlerInAFreshJvmAsDeployedTest {

  @RegisterExtension static final FunctionServers SERVERS = new FunctionServers();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMIT = "9f2c4e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";

  private FunctionRig rig;

  @BeforeEach
  void setUp() {
    rig = SERVERS.rig();
    rig.mainBranchAt(COMMIT);
  }

  @Test
  void aCodePipelineJobRunsWithTheEndpointsOfTheEnvironment(@TempDir Path dir) throws Exception {
    Path event = dir.resolve("job.json");
    Files.write(event, EventParserTest.sample("codepipeline-job.json"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        LocalInvoke.class.getName(), event.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("AWS_"));
    env.putAll(rig.variables);
    env.put("AWS_ENDPOINT_URL", SERVERS.moto.endpoint().toString());
    env.put("AWS_ENDPOINT_URL_CODEPIPELINE", SERVERS.codePipeline.baseUrl());
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY);
    env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the function finished").isTrue();
    String stdout = Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8);
    String stderr = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(stderr).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      lines.add(JSON.readTree(line));
    }
    JsonNode response = lines.get(lines.size() - 1);
    assertThat(response.path("job").path("result").asText()).isEqualTo("succeeded");
    assertThat(response.path("packages")).extracting(p -> p.path("status").asText())
        .containsExactly("created", "created");
    assertThat(lines.subList(0, lines.size() - 1)).allSatisfy(line ->
        assertThat(line.fieldNames()).toIterable().contains("level", "message", "requestId"));
    assertThat(rig.codePipeline.requests("PutJobSuccessResult").get(0).path("outputVariables")
        .path("commit").asText()).isEqualTo(COMMIT);
    assertThat(rig.storedZips()).hasSize(2);
    assertThat(stdout + stderr).doesNotContain(FunctionRig.TOKEN)
        .doesNotContain("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  }
}
