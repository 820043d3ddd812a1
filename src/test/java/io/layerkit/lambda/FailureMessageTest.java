package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.source.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureMessageTest {

  @Test
  void aLongMultiLineMessageBecomesOneLineWithinTheApiLimit() {
    String text = ("requests failed: 401 from Bitbucket\n").repeat(400);

    String message = FailureMessage.of(text, List.of());

    assertThat(message).hasSizeLessThanOrEqualTo(FailureMessage.MAX_LENGTH).doesNotContain("\n")
        .endsWith("(truncated; see the function's log)");
  }

  @Test
  void secretsAreRemovedBeforeAnythingElse() {
    Secret token = Secret.of("ATBBx9secret");

    String message = FailureMessage.of("GET failed with Authorization: Bearer ATBBx9secret",
        List.of(token));

    assertThat(message).isEqualTo("GET failed with Authorization: Bearer ****");
  }

  @Test
  void aSurrogatePairIsNeverSplitAtTheCut() {
    String text = "x".repeat(FailureMessage.MAX_LENGTH - 42) + "\uD83D\uDE00".repeat(100);

    String message = FailureMessage.of(text, List.of());

    assertThat(message).hasSizeLessThanOrEqualTo(FailureMessage.MAX_LENGTH);
    assertThat(message.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)).isTrue();
  }

  @Test
  void anEmptyTextStillGivesTheApiAMessage() {
    assertThat(FailureMessage.of(" ", List.of())).isNotBlank();
  }
}
