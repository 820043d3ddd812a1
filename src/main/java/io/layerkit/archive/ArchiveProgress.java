package io.layerkit.archive;

import io.layerkit.tree.TreeEntry;

/** Told once per entry as soon as its content has been read and compressed. */
@FunctionalInterface
public interface ArchiveProgress {
  ArchiveProgress NONE = (entry, bytes) -> {};

  void entryDone(TreeEntry entry, long bytes);
}
