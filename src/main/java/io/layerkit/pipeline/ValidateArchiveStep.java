package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.archive.LayerValidator;
import io.layerkit.archive.Validation;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;

/** Checks the built zip against Lambda's layer rules; a rejected zip is removed at once. */
final class ValidateArchiveStep implements Callable<Validation> {
  private final LayerValidator validator;
  private final ArchiveResult archive;
  private final List<String> warnings;
  private final StepLog log;

  /** @param warnings where the package's warnings are collected */
  ValidateArchiveStep(LayerValidator validator, ArchiveResult archive, List<String> warnings,
      StepLog log) {
    this.validator = validator;
    this.archive = archive;
    this.warnings = warnings;
    this.log = log;
  }

  @Override
  public Validation call() throws IOException, LayerRejectedException {
    Validation validation = validator.checkArchive(archive);
    warnings.addAll(validation.warnings());
    if (validation.hasErrors()) {
      Files.deleteIfExists(archive.file());
      throw new LayerRejectedException(validation);
    }
    warnings.forEach(w -> log.warn("validate", w));
    return validation;
  }
}
