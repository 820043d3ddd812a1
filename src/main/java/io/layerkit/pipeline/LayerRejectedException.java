package io.layerkit.pipeline;

import io.layerkit.archive.Validation;

/** A package broke Lambda's layer rules: it fails with exit status 3 and nothing is stored. */
final class LayerRejectedException extends Exception {
  LayerRejectedException(Validation validation) {
    super(String.join("; ", validation.errors()));
  }
}
