package io.layerkit.sbom;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the real tools the SBOM tests take their expectations from (python3, npm). */
record Command(int exitValue, String output) {

  /** Skips the test where {@code command} is missing, except on CI, where that fails it. */
  static void requireInstalled(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return;
      }
    }
    unavailable(command + " is not installed");
  }

  /** Skips the test, saying why, except on CI ({@code CI=true}), where that fails it. */
  static void unavailable(String why) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why + ", and CI=true requires it");
    }
    Assumptions.abort(why + ": skipped");
  }

  /** Runs to completion (at most {@code seconds}); standard error is part of the output. */
  static Command run(Path dir, int seconds, String... command)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile())
        .redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish in " + seconds + " s");
    }
    return new Command(process.exitValue(), output);
  }
}
