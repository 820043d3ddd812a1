package io.layerkit.pipeline;

/**
 * Turns an exception into the one line a report shows: its message, or its type when it has
 * none, with line breaks folded so a report line stays a line.
 */
public final class OneLine {
  private OneLine() {}

  public static String of(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      Throwable cause = e.getCause();
      message = cause != null && cause != e ? of(cause) : e.getClass().getSimpleName();
    }
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
