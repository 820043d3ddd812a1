package io.layerkit.cli;

import io.layerkit.pipeline.PackageResult;
import java.util.Locale;

/** The one line a person reads per package: status, name, figures, where it went or why not. */
final class SummaryLine {
  private SummaryLine() {}

  static String of(PackageResult r) {
    StringBuilder line = new StringBuilder();
    line.append(String.format(Locale.ROOT, "%-9s %s", r.status().label(), r.packageName()));
    switch (r.status()) {
      case FAILED -> line.append(": ").append(r.error());
      default -> {
        if (r.files() != null) {
          line.append("  ").append(r.files()).append(" files, ")
              .append(Sizes.human(r.unzippedSize())).append(" -> ").append(Sizes.human(r.size()));
        }
        if (r.key() != null) {
          line.append("  ").append(r.key());
        }
        if (r.layerVersionArn() != null) {
          line.append("  ").append(r.layerVersionArn());
        }
        if (r.provenanceKey() != null) {
          line.append(r.attestationKey() == null ? "  provenance unsigned"
              : "  provenance signed by " + r.attestationKey());
        }
        if (r.reason() != null) {
          line.append("  (").append(r.reason()).append(")");
        }
      }
    }
    if (r.requests() > 0) {
      line.append("  [").append(r.requests()).append(" requests]");
    }
    return line.toString();
  }
}
