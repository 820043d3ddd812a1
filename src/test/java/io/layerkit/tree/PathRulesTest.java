package io.layerkit.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "python/lib/x.py", "with space/#hash%/é+&?.txt", ".hidden", "a..b"})
  void acceptsOrdinaryRelativePaths(String path) {
    PathRules.requireSafe(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "../x", "a/../../x", "a/./b", "a\\b", "a//b", "a/",
      "tab\there", "nul\u0000", ""})
  void refusesPathsThatCouldEscapeOrConfuse(String path) {
    assertThatThrownBy(() -> PathRules.requireSafe(path))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageStartingWith("unsafe path");
  }

  @Test
  void controlCharactersAreEscapedInMessages() {
    assertThatThrownBy(() -> PathRules.requireSafe("a\nb"))
        .hasMessageContaining("a\\x0ab")
        .hasMessageNotContaining("\n");
  }

  @Test
  void relativizeKeepsPathsUnderTheFolder() {
    assertThat(PathRules.relativize("lambda/layers/req", "lambda/layers/req/python/x.py"))
        .isEqualTo("python/x.py");
    assertThat(PathRules.relativize("", "top.txt")).isEqualTo("top.txt");
  }

  @Test
  void relativizeRefusesSiblingsThatShareAPrefix() {
    assertThatThrownBy(() -> PathRules.relativize("layers/req", "layers/requests/x.py"))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("outside the package folder 'layers/req'");
    assertThatThrownBy(() -> PathRules.relativize("layers/req", "layers/req/../../etc"))
        .isInstanceOf(UnsafePathException.class);
  }

  @Test
  void normalizeFolderStripsSlashesAndDots() {
    assertThat(PathRules.normalizeFolder("./layers//req/")).isEqualTo("layers/req");
    assertThat(PathRules.normalizeFolder(".")).isEmpty();
    assertThatThrownBy(() -> PathRules.normalizeFolder("layers/../../x"))
        .isInstanceOf(UnsafePathException.class);
  }
}
