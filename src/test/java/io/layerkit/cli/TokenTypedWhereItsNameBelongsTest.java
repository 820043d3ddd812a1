package io.layerkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A token typed where the name of its variable or SSM parameter belongs is refused on the command
 * line (exit 2) with a line that names the option and never the value: not on stderr, not in
 * {@code --json}.
 */
class TokenTypedWhereItsNameBelongsTest {
  private static final String TOKEN = "ATCTT3xFfGN0-s3cr3t+K9=";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"--token-env", "--token-parameter"})
  void isRefusedWithoutBeingRepeated(String option) throws Exception {
    CliRun run = CliRun.of("publish", "--json", "--source", "bitbucket://acme/platform",
        "--store", "file:" + dir.resolve("store"), "--registry",
        "file:" + dir.resolve("releases.json"), option, TOKEN, "layers/requests");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.path("error").asText()).startsWith(option + " is not an "
        + (option.equals("--token-env") ? "environment variable name" : "SSM parameter name"));
    assertThat(run.out() + run.err()).doesNotContain("s3cr3t");
    assertThat(dir.resolve("store")).doesNotExist();
  }
}
