package io.layerkit.source.git;

import io.layerkit.source.SourceException;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.PathRules;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads one package folder of a commit from the object database. Locating the folder and its
 * tree id touches trees only, never a blob. Listing maps Git's modes onto entries (100644 file,
 * 100755 executable, 120000 link, 040000 folder) and refuses what a layer cannot faithfully
 * hold: submodules, whose files live in another repository, and Git LFS pointers, whose real
 * content lives on an LFS server that layerkit does not fetch from. Both are named in the error
 * rather than archived as something other than what the developer sees.
 */
final class FolderLister {
  /** Git LFS pointer files are below 1024 bytes by the LFS specification. */
  static final int LFS_POINTER_MAX = 1024;

  private static final byte[][] LFS_POINTER_STARTS = {
      "version https://git-lfs.github.com/spec/".getBytes(StandardCharsets.US_ASCII),
      "version https://hawser.github.com/spec/".getBytes(StandardCharsets.US_ASCII),
  };

  private final String remote;

  FolderLister(String remote) {
    this.remote = remote;
  }

  /** The folder's tree id, reading only the commit and the trees on the way to the folder. */
  ObjectId locate(ObjectReader reader, RevCommit commit, String folder) throws IOException {
    if (folder.isEmpty()) {
      return commit.getTree().copy();
    }
    try (TreeWalk walk = TreeWalk.forPath(reader, folder, commit.getTree())) {
      if (walk == null) {
        throw new SourceException("folder '" + PathRules.printable(folder) + "' not found in "
            + remote + " at commit " + commit.name());
      }
      if (walk.getFileMode(0) != FileMode.TREE) {
        throw new SourceException("'" + PathRules.printable(folder) + "' in " + remote
            + " at commit " + commit.name() + " is a file, not a folder");
      }
      return walk.getObjectId(0);
    }
  }

  ListedFolder list(ObjectReader reader, RevCommit commit, String folder) throws IOException {
    ObjectId folderTree = locate(reader, commit, folder);
    List<TreeEntry> entries = new ArrayList<>();
    Map<String, ObjectId> blobs = new HashMap<>();
    List<String> lfsPointers = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(reader)) {
      // Walking the folder's own tree rather than the root with a path filter: the paths come
      // out relative to the package already, and no tree outside the folder is read.
      walk.addTree(folderTree);
      walk.setRecursive(false);
      while (walk.next()) {
        String path = walk.getPathString();
        String fullPath = folder.isEmpty() ? path : folder + "/" + path;
        PathRules.requireSafe(path);
        int mode = walk.getRawMode(0);
        int type = mode & FileMode.TYPE_MASK;
        ObjectId id = walk.getObjectId(0);
        switch (type) {
          case FileMode.TYPE_TREE -> {
            entries.add(TreeEntry.directory(path));
            walk.enterSubtree();
          }
          case FileMode.TYPE_FILE -> {
            long size = reader.getObjectSize(id, Constants.OBJ_BLOB);
            if (size < LFS_POINTER_MAX && isLfsPointer(reader, id)) {
              lfsPointers.add(fullPath);
            }
            entries.add(TreeEntry.file(path, size, (mode & 0111) != 0));
            blobs.put(path, id);
          }
          case FileMode.TYPE_SYMLINK -> {
            entries.add(TreeEntry.symlink(path, reader.getObjectSize(id, Constants.OBJ_BLOB)));
            blobs.put(path, id);
          }
          case FileMode.TYPE_GITLINK -> throw new SourceException("'" + PathRules.printable(fullPath)
              + "' in " + remote + " at commit " + commit.name() + " is a submodule: submodules"
              + " are not part of the layer; vendor the files or remove the submodule");
          default -> throw new SourceException("'" + PathRules.printable(fullPath) + "' in "
              + remote + " has the unknown Git file mode " + Integer.toOctalString(mode));
        }
      }
    }
    if (!lfsPointers.isEmpty()) {
      throw new SourceException("'" + PathRules.printable(lfsPointers.get(0)) + "'"
          + (lfsPointers.size() > 1 ? " and " + (lfsPointers.size() - 1) + " more file(s)" : "")
          + " in " + remote + " at commit " + commit.name()
          + (lfsPointers.size() > 1 ? " are Git LFS pointers" : " is a Git LFS pointer")
          + ": layerkit cannot fetch LFS objects; commit the real file or stop tracking it"
          + " with LFS");
    }
    return new ListedFolder(PackageTree.of(folder, entries), blobs);
  }

  private static boolean isLfsPointer(ObjectReader reader, ObjectId id) throws IOException {
    byte[] head = new byte[64];
    int read;
    try (InputStream in = reader.open(id, Constants.OBJ_BLOB).openStream()) {
      read = in.readNBytes(head, 0, head.length);
    }
    for (byte[] start : LFS_POINTER_STARTS) {
      if (read >= start.length && Arrays.equals(head, 0, start.length, start, 0, start.length)) {
        return true;
      }
    }
    return false;
  }
}
