package io.layerkit.archive;

import io.layerkit.digest.Sha256;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads an existing layer zip, whichever tool made it, for {@code layerkit inspect}: its entries,
 * SHA-256, sizes, the {@link ContentDigest} recomputed from the contents, and a validation that
 * applies Lambda's layer rules ({@link LambdaLayerValidator}) and layerkit's reproducibility rules
 * ({@link ReproducibilityCheck}). Entries no layer may hold (unsafe or duplicate names) are errors
 * and stay out of the digest.
 *
 * <p>Usage: {@code new ArchiveInspector(LayerLimits.lambdaDefaults()).inspect(Path.of("x.zip"))}.
 */
public final class ArchiveInspector {
  private final LambdaLayerValidator validator;

  public ArchiveInspector(LayerLimits limits) {
    this.validator = new LambdaLayerValidator(limits);
  }

  /**
   * Inspects {@code zip}.
   *
   * @throws IOException with a one-line message when the file is missing, a folder, not a zip,
   *     or damaged
   */
  public ArchiveInspection inspect(Path zip) throws IOException {
    ZipContents contents = ZipContents.read(zip);
    long size = Files.size(zip);
    PackageTree tree = contents.tree();
    Validation validation = new Validation(contents.findings())
        .plus(validator.checkTree(tree))
        .plus(validator.checkLinks(contents.linkTargets()))
        .plus(new Validation(LinkTargets.dangling(
            tree.entries().stream().map(TreeEntry::path).collect(Collectors.toSet()),
            contents.linkTargets())))
        .plus(validator.checkZipSize(size))
        .plus(new Validation(ReproducibilityCheck.check(contents.entries())));
    List<InspectedEntry> entries = contents.entries().stream()
        .map(e -> new InspectedEntry(e.name(), e.kind(), e.mode(), e.size(), e.compressedSize(),
            e.method(), e.modified(), e.extraFields(), e.linkTarget()))
        .toList();
    return new ArchiveInspection(zip, Sha256.of(zip), size, tree.fileCount(), tree.unzippedSize(),
        ContentDigest.of(tree, contents.sha256ByPath()), entries, validation);
  }
}
