package io.layerkit.source;

import java.util.Objects;

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
