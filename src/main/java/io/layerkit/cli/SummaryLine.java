package io.layerkit.cli;

import io.layerkit.pipeline.PackageResult;
import io.layerkit.pipeline.PackageStatus;
import io.layerkit.source.RequestBudget;
import io.layerkit.source.RequestEstimate;
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
    if (r.status() == PackageStatus.PLANNED && r.requestEstimate() != null) {
      RequestEstimate cost = r.requestEstimate();
      line.append(String.format(Locale.ROOT, "  [publishing costs about %d requests: %d to list,"
          + " %d files]", cost.total(), cost.listing(), cost.files()));
    }
    return line.toString();
  }

  /** The remote's hourly budget as it last reported it, after the packages' lines. */
  static String of(RequestBudget budget) {
    return String.format(Locale.ROOT, "request budget: at most %d of %d requests left this hour"
        + " (%s%d sent by this run in the last hour%s)", budget.remainingAtMost(),
        budget.hourlyLimit(), budget.resource().isEmpty() ? "" : budget.resource() + "; ",
        budget.sentLastHour(), budget.nearLimit() ? "; the remote says it is near the limit" : "");
  }
}
