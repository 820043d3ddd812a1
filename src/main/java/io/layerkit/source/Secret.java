package io.layerkit.source;

import java.util.Objects;
import java.util.Optional;

/**
 * A credential. Its {@link #toString()} never shows the value, so it cannot leak through a log
 * line, an exception message or a report by accident.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /**
   * Why {@code value} cannot be a token sent in an HTTP header, or empty when it can. Tokens are
   * visible ASCII; anything else is a paste or storage mistake (a second line saved with it) or
   * an attempt to add a header of one's own, and the HTTP client would quote the whole value in
   * its error. The answer never contains the value.
   */
  public static Optional<String> headerProblem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') {
        return Optional.of("a line break");
      }
      if (c < 0x20 || c == 0x7f) {
        return Optional.of("a control character");
      }
      if (c == ' ') {
        return Optional.of("a space");
      }
      if (c > 0x7e) {
        return Optional.of("a character outside ASCII");
      }
    }
    return Optional.empty();
  }

  /** The plain value: pass it to an HTTP header or SDK call, never to a message. */
  public String reveal() {
    return value;
  }

  /** Removes every occurrence of the secret from {@code text}, for messages built from remote answers. */
  public String redact(String text) {
    return text == null || value.isEmpty() ? text : text.replace(value, "****");
  }

  @Override
  public String toString() {
    return "****";
  }
}
