package io.layerkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/** When the moto extension runs, skips or fails, decided from the environment it is given. */
class MotoServerTest {

  @Test
  void withoutMotoServerTheTestsAreSkippedWithAMessage() {
    ConditionEvaluationResult result = MotoServer.condition(Map.of("PATH", "/nonexistent"));

    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason()).hasValueSatisfying(reason ->
        assertThat(reason).startsWith("moto_server not found on PATH").contains("pip install 'moto[server]'"));
  }

  @Test
  void onCiAMissingMotoServerIsNotSkippedSoTheSetupFails() {
    ConditionEvaluationResult result = MotoServer.condition(Map.of("PATH", "/nonexistent", "CI", "true"));

    assertThat(result.isDisabled()).isFalse();
    assertThat(MotoServer.executable(Map.of("PATH", "/nonexistent", "CI", "true"))).isEmpty();
  }

  @Test
  void motoServerIsFoundOnThePathOrThroughMotoServerVariable() throws Exception {
    Path dir = Files.createTempDirectory("moto-path");
    Path exe = dir.resolve("moto_server");
    Files.writeString(exe, "#!/bin/sh\n");
    exe.toFile().setExecutable(true);
    try {
      assertThat(MotoServer.executable(Map.of("PATH", "/nonexistent:" + dir))).contains(exe);
      assertThat(MotoServer.executable(Map.of("MOTO_SERVER", exe.toString()))).contains(exe);
      assertThat(MotoServer.condition(Map.of("PATH", dir.toString())).isDisabled()).isFalse();
    } finally {
      Files.delete(exe);
      Files.delete(dir);
    }
  }
}
