package io.layerkit.app;

/** layerkit's version: from the jar's manifest (set by Maven), "development" from classes. */
public final class LayerkitVersion {
  private LayerkitVersion() {}

  public static String current() {
    String version = LayerkitVersion.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
