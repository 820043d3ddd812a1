package io.layerkit.cli;

import io.layerkit.pipeline.PackageResult;
import io.layerkit.pipeline.PackageStatus;
import io.layerkit.pipeline.Report;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The closing line of a multi-package run: how many packages ended in each status. */
final class Totals {
  private Totals() {}

  static String of(Report report) {
    Map<PackageStatus, Long> counts = new EnumMap<>(PackageStatus.class);
    for (PackageResult p : report.packages()) {
      counts.merge(p.status(), 1L, Long::sum);
    }
    return counts.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey().label())
        .collect(Collectors.joining(", ", report.packages().size() + " packages: ", ""));
  }
}
