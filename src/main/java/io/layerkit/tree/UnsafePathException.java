package io.layerkit.tree;

/** A listed path that could escape the package folder or cannot be stored safely in a zip. */
public final class UnsafePathException extends IllegalArgumentException {
  private final String path;

  public UnsafePathException(String path, String reason) {
    super("unsafe path '" + PathRules.printable(path) + "': " + reason);
    this.path = path;
  }

  public String path() {
    return path;
  }
}
