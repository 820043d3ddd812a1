package io.layerkit.archive;

import io.layerkit.tree.PackageTree;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** Writes a package tree as a layer zip. */
public interface LayerArchiver {

  /**
   * Archives {@code tree} into {@code target}, reading each entry's content through
   * {@code opener}. Leaves no partial file behind on failure.
   *
   * @throws ContentMismatchException when an entry yields a different size than listed
   */
  ArchiveResult archive(PackageTree tree, ContentOpener opener, Path target, ArchiveProgress progress)
      throws IOException;

  /** The time stamped on every entry: with the tree, what decides the zip's bytes. */
  Instant timestamp();
}
