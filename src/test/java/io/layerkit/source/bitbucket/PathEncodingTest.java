package io.layerkit.source.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class PathEncodingTest {

  @Test
  void encodesEveryCharacterThatCouldChangeTheMeaningOfAUrl() {
    assertThat(PathEncoding.segment("a file #1 ?&+%.txt"))
        .isEqualTo("a%20file%20%231%20%3F%26%2B%25.txt");
    assertThat(PathEncoding.segment("feature/x")).isEqualTo("feature%2Fx");
    assertThat(PathEncoding.segment("\u00fcn\u00efc\u00f6d\u00e9 \u65e5\u672c"))
        .isEqualTo("%C3%BCn%C3%AFc%C3%B6d%C3%A9%20%E6%97%A5%E6%9C%AC");
    assertThat(PathEncoding.segment("Keep-these_.~09AZaz")).isEqualTo("Keep-these_.~09AZaz");
  }

  @Test
  void keepsSeparatorsOfAPath() {
    assertThat(PathEncoding.path("python/odd names/100% sure+more.txt"))
        .isEqualTo("python/odd%20names/100%25%20sure%2Bmore.txt");
  }

  @Property
  void anyNameIsOneSegmentThatDecodesBackToIt(@ForAll @StringLength(max = 40) String name) {
    String encoded = PathEncoding.segment(name);

    assertThat(encoded).matches("[A-Za-z0-9._~%-]*");
    URI uri = URI.create("https://api.bitbucket.org/2.0/x/" + encoded);
    assertThat(uri.getRawPath()).isEqualTo("/2.0/x/" + encoded);
    boolean wellFormed = name.codePoints().noneMatch(c -> c >= 0xd800 && c <= 0xdfff);
    if (wellFormed) {
      assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(name);
    }
  }
}
