package io.layerkit.archive;

import java.util.ArrayList;
import java.util.List;

/** The findings of one validation pass. */
public record Validation(List<Finding> findings) {

  public Validation {
    findings = List.copyOf(findings);
  }

  public static Validation ok() {
    return new Validation(List.of());
  }

  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
  }

  public List<String> errors() {
    return messages(Severity.ERROR);
  }

  public List<String> warnings() {
    return messages(Severity.WARNING);
  }

  public Validation plus(Validation other) {
    List<Finding> all = new ArrayList<>(findings);
    all.addAll(other.findings);
    return new Validation(all);
  }

  private List<String> messages(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).map(Finding::message).toList();
  }
}
