package io.layerkit.pipeline;

/** Why a package failed: validation failures exit 3, everything else 1. */
public enum FailureKind {
  VALIDATION,
  ERROR
}
