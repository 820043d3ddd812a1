package io.layerkit.archive;

/** How bad a validation finding is: errors stop the package, warnings are reported. */
public enum Severity {
  WARNING,
  ERROR
}
