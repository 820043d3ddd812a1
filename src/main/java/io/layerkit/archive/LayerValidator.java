package io.layerkit.archive;

import io.layerkit.tree.PackageTree;

/** Checks a package against Lambda's layer rules. */
public interface LayerValidator {

  /** Before anything is fetched or compressed: sizes from the listing, names, layout. */
  Validation checkTree(PackageTree tree);

  /** After archiving: the zip's own size. */
  Validation checkArchive(ArchiveResult archive);
}
