package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code RETAIN_VERSIONS}: unset keeps every version, a whole number of at least 1 prunes. */
class RetainVersionsVariableTest {

  private static Map<String, String> with(String value) {
    Map<String, String> env = LambdaEnvironmentTest.minimal();
    env.put("RETAIN_VERSIONS", value);
    return env;
  }

  @Test
  void unsetOrBlankKeepsEveryVersion() {
    assertThat(LambdaEnvironment.from(LambdaEnvironmentTest.minimal()).retainVersions()).isEmpty();
    assertThat(LambdaEnvironment.from(with(" ")).retainVersions()).isEmpty();
  }

  @Test
  void aWholeNumberIsHowManyOfTheNewestToKeep() {
    assertThat(LambdaEnvironment.from(with("5")).retainVersions()).contains(5);
  }

  @Test
  void zeroOrGarbageIsOneLineNamingTheVariable() {
    assertThatThrownBy(() -> LambdaEnvironment.from(with("0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("RETAIN_VERSIONS 0 keeps no version: give how many of the newest layer"
            + " versions to keep (at least 1), or leave it empty to keep them all");
    assertThatThrownBy(() -> LambdaEnvironment.from(with("five")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("RETAIN_VERSIONS");
  }
}
