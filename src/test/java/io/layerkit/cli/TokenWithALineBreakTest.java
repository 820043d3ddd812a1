package io.layerkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.testing.MotoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A token that cannot be an HTTP header value (saved with a second line, or crafted to add a
 * header) is refused where it is read, naming where it came from and never showing it: not on
 * stderr, not in {@code --json}, not in a stack trace.
 */
class TokenWithALineBreakTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIRST_LINE = "tok-7f3a9c1e";
  private static final String INJECTED = "X-Injected: 1";
  private static final String TOKEN = FIRST_LINE + "\r\n" + INJECTED;

  @TempDir Path dir;

  private List<String> publish(String... token) {
    List<String> args = new java.util.ArrayList<>(List.of("publish", "--json",
        "--source", "bitbucket://acme/platform", "--api-url", "http://127.0.0.1:9",
        "--store", "file:" + dir.resolve("store"),
        "--registry", "file:" + dir.resolve("releases.json")));
    args.addAll(List.of(token));
    args.add("layers/requests");
    return args;
  }

  @Test
  void aTokenVariableWithALineBreakIsRefusedUnshown() throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(publish());
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
    builder.environment().put("BITBUCKET_TOKEN", TOKEN);
    Process child = builder.start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8);
    String err = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);

    assertThat(child.exitValue()).as(err).isEqualTo(2);
    assertThat(err).contains("BITBUCKET_TOKEN").contains("line break");
    JsonNode report = JSON.readTree(out);
    assertThat(report.path("ok").asBoolean()).isFalse();
    assertThat(report.path("error").asText()).contains("BITBUCKET_TOKEN");
    assertThat(out + err).doesNotContain(FIRST_LINE).doesNotContain(INJECTED);
  }

  @Test
  void aTokenParameterWithALineBreakIsRefusedUnshown() throws Exception {
    try (SsmClient ssm = MOTO.client(SsmClient.builder())) {
      ssm.putParameter(b -> b.name("/ci/bitbucket-token").type(ParameterType.SECURE_STRING)
          .value(TOKEN + "\n"));
    }
    System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
    CliRun run;
    try {
      run = CliRun.of(publish("--token-parameter", "/ci/bitbucket-token",
          "--endpoint-url", MOTO.endpoint().toString(), "--region", MOTO.region().id())
          .toArray(String[]::new));
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("token parameter /ci/bitbucket-token").contains("line break");
    assertThat(JSON.readTree(run.out()).path("error").asText())
        .contains("token parameter /ci/bitbucket-token");
    assertThat(run.out() + run.err()).doesNotContain(FIRST_LINE).doesNotContain(INJECTED);
  }
}
