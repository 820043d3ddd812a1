package io.layerkit.pipeline;

import io.layerkit.source.RequestBudget;
import java.util.List;

/**
 * The result of a run: one line per package that ran.
 *
 * @param commit the commit every package was read at, or {@code null} for a plain folder
 * @param packages per-package results, in the order asked
 * @param notStarted the packages that found no room to start ({@link Pace}), in order: always
 *     the tail of the request's list
 * @param requestBudget the source's hourly request budget as the remote last reported it at the
 *     end of the run, or {@code null} when it reports none (a local folder, Git, an app password)
 */
public record Report(String commit, List<PackageResult> packages, List<PackageJob> notStarted,
    RequestBudget requestBudget) {

  public Report {
    packages = List.copyOf(packages);
    notStarted = List.copyOf(notStarted);
  }

  public Report(String commit, List<PackageResult> packages) {
    this(commit, packages, List.of(), null);
  }

  public boolean ok() {
    return packages.stream().noneMatch(p -> p.status() == PackageStatus.FAILED);
  }

  /** 0 all done, 1 a package failed, 3 every failure was a validation failure. */
  public int exitCode() {
    List<PackageResult> failed =
        packages.stream().filter(p -> p.status() == PackageStatus.FAILED).toList();
    if (failed.isEmpty()) {
      return 0;
    }
    return failed.stream().allMatch(p -> p.failure() == FailureKind.VALIDATION) ? 3 : 1;
  }
}
