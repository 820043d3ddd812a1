package io.layerkit.pipeline;

import java.util.Locale;

/** The outcome of one package. Serialised lower case, as the {@code --json} contract says. */
public enum PackageStatus {
  BUILT,
  CREATED,
  UNCHANGED,
  PLANNED,
  FAILED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
