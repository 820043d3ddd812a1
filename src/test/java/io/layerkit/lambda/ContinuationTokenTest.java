package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ContinuationTokenTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMIT = "9f2c4e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
  private static final List<String> PATHS = List.of("lambda/layers/a", "lambda/layers/b",
      "lambda/layers/c");

  @Test
  void aTokenReadsBackAsWritten() {
    ContinuationToken token = new ContinuationToken(COMMIT, ContinuationToken.packageSetOf(PATHS),
        List.of(1, 2), List.of(0));

    String text = token.encode(JSON);

    assertThat(ContinuationToken.decode(text, JSON, PATHS)).isEqualTo(token);
    assertThat(text).contains(COMMIT);
  }

  @Test
  void hundredsOfPackagesStillFitTheApiLimit() {
    List<String> paths = IntStream.range(0, 400)
        .mapToObj(i -> "lambda/layers/a-rather-long-package-folder-name-" + i).toList();
    ContinuationToken token = new ContinuationToken(COMMIT, ContinuationToken.packageSetOf(paths),
        IntStream.range(1, 400).boxed().toList(), List.of());

    assertThat(token.encode(JSON)).hasSizeLessThanOrEqualTo(ContinuationToken.MAX_LENGTH);
  }

  @Test
  void aChangedPackageListIsRefused() {
    String text = new ContinuationToken(COMMIT, ContinuationToken.packageSetOf(PATHS),
        List.of(2), List.of()).encode(JSON);

    assertThatThrownBy(() -> ContinuationToken.decode(text, JSON, List.of("lambda/layers/a",
        "lambda/layers/c", "lambda/layers/b")))
        .isInstanceOf(EventException.class)
        .hasMessageStartingWith("the package list changed while the job was running");
  }

  @Test
  void aForeignOrTamperedTokenIsRefused() {
    String set = ContinuationToken.packageSetOf(PATHS);
    for (String text : List.of("A continuation token if continuing job", "{}",
        "{\"v\":1,\"commit\":\"" + COMMIT + "\",\"set\":\"" + set + "\",\"todo\":[7],\"failed\":[]}",
        "{\"v\":1,\"commit\":\"main\",\"set\":\"" + set + "\",\"todo\":[1],\"failed\":[]}")) {
      assertThatThrownBy(() -> ContinuationToken.decode(text, JSON, PATHS))
          .as(text)
          .isInstanceOf(EventException.class)
          .hasMessage("the job's continuation token is not one this function wrote");
    }
  }
}
