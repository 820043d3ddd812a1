package io.layerkit.tree;

import java.util.Objects;

/**
 * One entry of a package tree.
 *
 * <p>{@code path} is relative to the package folder, uses {@code /} separators and never starts
 * or ends with one. For a {@link EntryKind#SYMLINK} the content returned by
 * {@link PackageSource#open} is the link target, exactly as Git stores a link blob; {@code size}
 * is then the target's length in bytes.
 *
 * @param path package-relative path, validated by {@link PathRules}
 * @param kind file, directory or symbolic link
 * @param size content size in bytes (0 for directories)
 * @param executable whether the executable bit is set (files only)
 */
public record TreeEntry(String path, EntryKind kind, long size, boolean executable) {

  public TreeEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    if (size < 0) {
      throw new IllegalArgumentException("negative size for " + path);
    }
  }

  public static TreeEntry file(String path, long size, boolean executable) {
    return new TreeEntry(path, EntryKind.FILE, size, executable);
  }

  public static TreeEntry directory(String path) {
    return new TreeEntry(path, EntryKind.DIRECTORY, 0, false);
  }

  public static TreeEntry symlink(String path, long targetLength) {
    return new TreeEntry(path, EntryKind.SYMLINK, targetLength, false);
  }

  public boolean isFile() {
    return kind == EntryKind.FILE;
  }

  public boolean isDirectory() {
    return kind == EntryKind.DIRECTORY;
  }

  public boolean isSymlink() {
    return kind == EntryKind.SYMLINK;
  }

  /** Unix mode bits as stored in the archive: 0644/0755 files, 0755 directories, 0777 links. */
  public int unixMode() {
    return switch (kind) {
      case DIRECTORY -> 0755;
      case SYMLINK -> 0777;
      case FILE -> executable ? 0755 : 0644;
    };
  }
}
