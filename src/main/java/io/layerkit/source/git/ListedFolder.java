package io.layerkit.source.git;

import io.layerkit.tree.PackageTree;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A listed package folder and the blob behind each file and link, so that opening an entry needs
 * no second walk through the trees.
 *
 * @param tree the listing
 * @param blobs blob ids by package-relative path
 */
record ListedFolder(PackageTree tree, Map<String, ObjectId> blobs) {
  ListedFolder {
    blobs = Map.copyOf(blobs);
  }
}
