package io.layerkit.archive;

import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;

/** Opens an entry's content for the archiver; called from worker threads. */
@FunctionalInterface
public interface ContentOpener {
  InputStream open(TreeEntry entry) throws IOException;
}
