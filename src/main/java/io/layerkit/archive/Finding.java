package io.layerkit.archive;

/** One validation finding, a single line a user can act on. */
public record Finding(Severity severity, String message) {

  public static Finding error(String message) {
    return new Finding(Severity.ERROR, message);
  }

  public static Finding warning(String message) {
    return new Finding(Severity.WARNING, message);
  }
}
