package io.layerkit.archive;

import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a package against Lambda's layer rules, each finding one line that says what to do.
 *
 * <p>Before archiving ({@link #checkTree}), from the listing alone: an empty package and a
 * package over the unzipped limit are errors; so are names a zip or Lambda cannot hold
 * ({@link EntryNames}) and a layout with no file where a runtime looks ({@link LayerLayout}),
 * while files beside the runtime folders are warnings. After archiving ({@link #checkArchive}):
 * a zip over the direct-upload limit is a warning unless it reaches Lambda through S3
 * ({@link LayerRoute}), an error when this run would upload it; links that point outside the
 * layer or are absolute are warnings ({@link LinkTargets}); their targets come with the
 * {@link ArchiveResult}, since the listing holds only their lengths.
 *
 * <p>Sizes are shown in MiB: Lambda's documentation says "MB", but counts in binary units (its
 * refusal of a layer reads "Unzipped size must be smaller than 262144000 bytes", 250 MiB).
 */
public final class LambdaLayerValidator implements LayerValidator {
  /** Names reported one by one before the rest are summed up in one line. */
  private static final int MAX_NAME_FINDINGS = 10;

  private final LayerLimits limits;
  private final LayerRoute route;

  /** A validator for zips whose way to Lambda is not known (build, inspect). */
  public LambdaLayerValidator(LayerLimits limits) {
    this(limits, LayerRoute.UNDECIDED);
  }

  public LambdaLayerValidator(LayerLimits limits, LayerRoute route) {
    this.limits = limits;
    this.route = route;
  }

  @Override
  public Validation checkTree(PackageTree tree) {
    List<Finding> findings = new ArrayList<>(checkNames(tree));
    if (tree.isEmpty()) {
      findings.add(Finding.error("the package is empty: it has no files to put in a layer;"
          + " check the package path"));
      return new Validation(findings);
    }
    long unzipped = tree.unzippedSize();
    if (unzipped > limits.maxUnzippedBytes()) {
      String[] shown = distinct(unzipped, limits.maxUnzippedBytes());
      findings.add(Finding.error("the package is " + shown[0] + " unzipped, over the "
          + shown[1] + " Lambda allows for a function and all its"
          + " layers together; remove files or split it into several layers"));
    }
    findings.addAll(LayerLayout.check(tree));
    return new Validation(findings);
  }

  @Override
  public Validation checkArchive(ArchiveResult archive) {
    return checkZipSize(archive.size()).plus(checkLinks(archive.linkTargets()));
  }

  /** The zip's size against the direct-upload limit, unless it goes through S3. */
  Validation checkZipSize(long zipBytes) {
    if (zipBytes <= limits.maxDirectUploadBytes() || route == LayerRoute.THROUGH_S3) {
      return Validation.ok();
    }
    String[] shown = distinct(zipBytes, limits.maxDirectUploadBytes());
    String over = "the zip is " + shown[0] + ", over the " + shown[1]
        + " Lambda accepts in a direct upload";
    if (route == LayerRoute.UNDECIDED) {
      return new Validation(List.of(Finding.warning(over + ": publish it from S3 (an s3://"
          + " store)")));
    }
    String fileStore = over + ", which is how a file: store's zips are published: use an s3://"
        + " store to publish it";
    return new Validation(List.of(route == LayerRoute.DIRECT_UPLOAD_NOW
        ? Finding.error(fileStore) : Finding.warning(fileStore)));
  }

  /** Where links point, by link path ({@link LinkTargets}). */
  Validation checkLinks(Map<String, String> targetsByPath) {
    return new Validation(LinkTargets.check(targetsByPath));
  }

  /**
   * Name findings of files, links and empty folders: a folder with content shares its name with
   * what it holds, so reporting it too would repeat every finding along the path.
   */
  private static List<Finding> checkNames(PackageTree tree) {
    Set<String> parents = new HashSet<>();
    for (TreeEntry entry : tree.entries()) {
      int slash = entry.path().lastIndexOf('/');
      if (slash > 0) {
        parents.add(entry.path().substring(0, slash));
      }
    }
    List<Finding> findings = new ArrayList<>();
    int bad = 0;
    for (TreeEntry entry : tree.entries()) {
      if (entry.isDirectory() && parents.contains(entry.path())) {
        continue;
      }
      Optional<Finding> finding = EntryNames.check(entry);
      if (finding.isPresent() && bad++ < MAX_NAME_FINDINGS) {
        findings.add(finding.get());
      }
    }
    if (bad > MAX_NAME_FINDINGS) {
      findings.add(Finding.error("and " + (bad - MAX_NAME_FINDINGS)
          + " more names that cannot be stored or extracted"));
    }
    return findings;
  }

  /** Both sizes in MiB, with exact bytes when rounding would make them look equal. */
  private static String[] distinct(long size, long limit) {
    String a = mebibytes(size);
    String b = mebibytes(limit);
    return a.equals(b)
        ? new String[] {a + " (" + size + " bytes)", b + " (" + limit + " bytes)"}
        : new String[] {a, b};
  }

  static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) LayerLimits.MB);
  }
}
