package io.layerkit.source;

import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where package folders come from: a local folder, the Bitbucket Cloud API, a Git remote.
 *
 * <p>The pipeline calls {@link #resolve} once per run, then {@link #list} and {@link #open} per
 * package, always with the pinned {@link Revision}. {@link #open} is called concurrently from
 * several threads; implementations must be thread-safe and bound their own concurrency where the
 * remote needs it.
 */
public interface PackageSource extends AutoCloseable {

  /** A stable, secret-free description such as {@code bitbucket://ws/repo}, kept in releases. */
  String describe();

  /** Pins {@code ref} (or the default branch when empty) to one commit. */
  Revision resolve(Optional<String> ref) throws IOException;

  /**
   * Lists the package folder at the revision: files, directories, links, with paths relative to
   * {@code packagePath}.
   *
   * @throws SourceException when the folder does not exist or cannot be read
   */
  PackageTree list(Revision revision, String packagePath) throws IOException;

  /**
   * Opens one entry's content: a file's bytes, or a link's target. The stream must yield exactly
   * {@link TreeEntry#size()} bytes; callers verify.
   */
  InputStream open(Revision revision, String packagePath, TreeEntry entry) throws IOException;

  /**
   * A cheap fingerprint of the folder's content at the revision (a Git tree id), recorded with a
   * release so that a later run can skip the fetch. Empty when the source has none.
   */
  default Optional<String> fingerprint(Revision revision, String packagePath) throws IOException {
    return Optional.empty();
  }

  /**
   * Judges, without fetching files, whether the folder changed since a previous build. The
   * default compares fingerprints from the same source and folder.
   */
  default Freshness freshness(Revision revision, String packagePath, PreviousBuild previous)
      throws IOException {
    if (!previous.source().equals(describe()) || !previous.packagePath().equals(packagePath)) {
      return Freshness.unknown("previous release came from " + previous.source());
    }
    Optional<String> now = fingerprint(revision, packagePath);
    if (now.isEmpty() || previous.fingerprint().isEmpty()) {
      return Freshness.unknown("no fingerprint to compare");
    }
    return now.equals(previous.fingerprint())
        ? Freshness.same("folder fingerprint " + abbreviate(now.get()) + " unchanged")
        : Freshness.changed("folder fingerprint changed from "
            + abbreviate(previous.fingerprint().get()) + " to " + abbreviate(now.get()));
  }

  /** Requests sent to a remote so far (0 for local sources); reported per package. */
  default long requestCount() {
    return 0;
  }

  /**
   * What listing and fetching the folder would cost a remote that counts requests, estimated
   * before anything is listed from the file count of the package's previous release. Empty when
   * requests cost nothing here or there is nothing to estimate from.
   */
  default Optional<RequestEstimate> estimateRequests(Revision revision, String packagePath,
      OptionalInt previousFileCount) {
    return Optional.empty();
  }

  /**
   * What a folder just {@link #list listed} costs: the listing requests it took and one request
   * per file still to fetch. Empty when requests cost nothing here.
   */
  default Optional<RequestEstimate> estimateRequests(Revision revision, PackageTree listed) {
    return Optional.empty();
  }

  /** The remote's hourly request budget as it last reported it; empty when it reports none. */
  default Optional<RequestBudget> requestBudget() {
    return Optional.empty();
  }

  /**
   * Refuses, before any of it is spent, an estimate that cannot fit in what is left of the
   * remote's budget. Does nothing when the remote reports no budget.
   *
   * @throws RequestBudgetException with a one-line message naming the package and the way out
   */
  default void requireBudget(String packagePath, RequestEstimate estimate)
      throws RequestBudgetException {}

  @Override
  default void close() throws IOException {}

  private static String abbreviate(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
