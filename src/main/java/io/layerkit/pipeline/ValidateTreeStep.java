package io.layerkit.pipeline;

import io.layerkit.archive.LayerValidator;
import io.layerkit.archive.Validation;
import io.layerkit.tree.PackageTree;
import java.util.List;
import java.util.concurrent.Callable;

/** Checks the listing against Lambda's layer rules before a byte is fetched. */
final class ValidateTreeStep implements Callable<Validation> {
  private final LayerValidator validator;
  private final PackageTree tree;
  private final List<String> warnings;

  /** @param warnings where the package's warnings are collected */
  ValidateTreeStep(LayerValidator validator, PackageTree tree, List<String> warnings) {
    this.validator = validator;
    this.tree = tree;
    this.warnings = warnings;
  }

  @Override
  public Validation call() throws LayerRejectedException {
    Validation validation = validator.checkTree(tree);
    warnings.addAll(validation.warnings());
    if (validation.hasErrors()) {
      throw new LayerRejectedException(validation);
    }
    return validation;
  }
}
