package io.layerkit.lambda;

import io.layerkit.pipeline.PackageResult;
import io.layerkit.pipeline.PackageStatus;
import io.layerkit.pipeline.Report;
import io.layerkit.retention.PruneResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one invocation did with its share of the packages.
 *
 * @param commit the commit the packages were built from, or {@code null} when the ref could not
 *     be resolved
 * @param results per package index, the packages that ran (or failed before they could)
 * @param notStarted indexes of packages left for lack of time, in order
 * @param retention what pruning did after publishing ({@code RETAIN_VERSIONS}), per package
 */
public record BatchResult(String commit, Map<Integer, PackageResult> results,
    List<Integer> notStarted, List<PruneResult> retention) {

  public BatchResult {
    results = new TreeMap<>(results);
    notStarted = List.copyOf(notStarted);
    retention = List.copyOf(retention);
  }

  /** The packages whose pruning failed, for a summary; empty when all went well. */
  public List<String> pruningFailures() {
    return retention.stream().filter(r -> !r.ok()).map(PruneResult::packageName).toList();
  }

  /** The indexes whose package failed in this invocation. */
  public List<Integer> failed() {
    return results.entrySet().stream()
        .filter(e -> e.getValue().status() == PackageStatus.FAILED)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** This invocation's results as a report, in package-list order. */
  public Report report() {
    return new Report(commit, List.copyOf(results.values()));
  }
}
