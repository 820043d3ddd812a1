package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new container cleans up after an invocation that Lambda stopped at its timeout: the
 * pipeline's temporary folder (with its half-written zip) survives in {@code /tmp}, the handler
 * that would have removed it does not.
 */
class FunctionRuntimeLeftoversTest {

  @TempDir Path tmp;

  private FunctionRuntime runtime(Map<String, String> variables) {
    AwsSettings settings = new AwsSettings(Optional.of("us-east-1"), Optional.empty(),
        Optional.of("http://127.0.0.1:9"), Optional.empty());
    return new FunctionRuntime(variables, new ObjectMapper(), AwsClients.create(settings),
        Clock.systemUTC(), tmp);
  }

  private Path leftover() throws IOException {
    Path folder = Files.createDirectories(tmp.resolve("layerkit-8315529946352712339"));
    Files.write(folder.resolve("requests.zip"), new byte[4096]);
    return folder;
  }

  @Test
  void initInsideLambdaRemovesTheFoldersOfAStoppedInvocation() throws IOException {
    Path stopped = leftover();
    Path unrelated = Files.writeString(tmp.resolve("layerkit.log"), "not a folder of ours");
    Path other = Files.createDirectories(tmp.resolve("sam-cache"));
    Map<String, String> variables = new HashMap<>(LambdaEnvironmentTest.minimal());
    variables.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001");

    try (FunctionRuntime runtime = runtime(variables)) {
      runtime.prime();
    }

    assertThat(stopped).doesNotExist();
    assertThat(unrelated).exists();
    assertThat(other).exists();
  }

  @Test
  void outsideLambdaTheSharedTemporaryFolderIsLeftAlone() throws IOException {
    Path running = leftover();

    try (FunctionRuntime runtime = runtime(LambdaEnvironmentTest.minimal())) {
      runtime.prime();
    }

    assertThat(running).as("another process's run, for all this one knows").exists();
  }
}
