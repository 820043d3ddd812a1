package io.layerkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Git sources layerkit cannot read are usage errors (exit 2) that say why, before any fetch. */
class GitSourceUsageErrorsTest {

  @ParameterizedTest
  @CsvSource({
      "git+ssh://git@bitbucket.org/acme/platform.git, SSH is not supported",
      "git+file://checkouts/platform, is not a path on this machine: write git+file:///ABSOLUTE/PATH"})
  void anUnreadableGitSourceExitsTwoSayingWhy(String source, String why) {
    CliRun run = CliRun.of("build", "--source", source, "layers/requests");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err().strip().lines()).singleElement().asString().contains(why)
        .doesNotContain("git@").doesNotContain("user or password");
  }
}
