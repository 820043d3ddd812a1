package io.layerkit.pipeline;

import java.util.List;

/**
 * The result of a run: one line per package.
 *
 * @param commit the commit every package was read at, or {@code null} for a plain folder
 * @param packages per-package results, in the order asked
 */
public record Report(String commit, List<PackageResult> packages) {

  public Report {
    packages = List.copyOf(packages);
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
