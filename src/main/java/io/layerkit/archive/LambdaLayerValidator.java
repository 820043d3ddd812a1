package io.layerkit.archive;

import io.layerkit.source.PackageTree;
import io.layerkit.source.TreeEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a package against Lambda's layer rules, each finding one line that says what to do.
 *
 * <p>Before archiving ({@link #checkTree}), from the listing alone: an empty package and a
 * package over the unzipped limit are errors; so are names a zip or Lambda cannot hold
 * ({@link EntryNames}) and a layout with no file where a runtime looks ({@link LayerLayout}),
 * while files beside the runtime folders are warnings. After archiving ({@link #checkArchive}):
 * a zip over the direct-upload limit is a warning (it must go through S3), and links pointing
 * outside the layer are warnings ({@link LinkTargets}); their targets are read back from the
 * written zip, since the listing holds only their lengths.
 */
public final class LambdaLayerValidator implements LayerValidator {
  /** Names reported one by one before the rest are summed up in one line. */
  private static final int MAX_NAME_FINDINGS = 10;

  private final LayerLimits limits;

  public LambdaLayerValidator(LayerLimits limits) {
    this.limits = limits;
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
    Validation size = checkZipSize(archive.size());
    if (!Files.isRegularFile(archive.file())) {
      return size;
    }
    try {
      ZipContents written = ZipContents.readLayout(archive.file());
      return size.plus(checkLinks(written.tree(), written.linkTargets()));
    } catch (IOException e) {
      return size.plus(new Validation(List.of(Finding.error(
          "cannot read the written zip back to check its links: " + e.getMessage()))));
    }
  }

  /** The zip's size against the direct-upload limit. */
  Validation checkZipSize(long zipBytes) {
    if (zipBytes <= limits.maxDirectUploadBytes()) {
      return Validation.ok();
    }
    String[] shown = distinct(zipBytes, limits.maxDirectUploadBytes());
    return new Validation(List.of(Finding.warning("the zip is " + shown[0]
        + ", over the " + shown[1] + " Lambda accepts in a"
        + " direct upload: direct upload impossible, deploy it through S3 (an s3:// store)")));
  }

  /** Link targets, by link path, against the layer root. */
  Validation checkLinks(PackageTree tree, java.util.Map<String, String> targetsByPath) {
    return new Validation(LinkTargets.check(tree, targetsByPath));
  }

  private static List<Finding> checkNames(PackageTree tree) {
    List<Finding> findings = new ArrayList<>();
    int bad = 0;
    for (TreeEntry entry : tree.entries()) {
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

  /** Both sizes in MB, with exact bytes when rounding would make them look equal. */
  private static String[] distinct(long size, long limit) {
    String a = megabytes(size);
    String b = megabytes(limit);
    return a.equals(b)
        ? new String[] {a + " (" + size + " bytes)", b + " (" + limit + " bytes)"}
        : new String[] {a, b};
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / (double) LayerLimits.MB);
  }
}
