package io.layerkit.tree;

/** What a tree entry is. Git's file modes map onto these one to one (100644/100755, 120000, 040000). */
public enum EntryKind {
  FILE,
  DIRECTORY,
  SYMLINK
}
