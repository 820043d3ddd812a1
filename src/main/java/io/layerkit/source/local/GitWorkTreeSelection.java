package io.layerkit.source.local;

import io.layerkit.source.SourceException;
import io.layerkit.tree.PathRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * What Git would commit from a package folder inside a work tree ({@code git add -A}): every
 * tracked file still present, and every untracked file that no ignore rule matches. JGit reads
 * the rules as Git does: {@code .gitignore} in every folder, {@code .git/info/exclude}, and the
 * file {@code core.excludesFile} names. Folders hold nothing of their own in Git, so an empty or
 * wholly ignored folder is not part of the selection.
 *
 * <p>Ignored folders holding nothing tracked are not entered (a {@code node_modules} or a
 * virtualenv beside the package costs nothing), and a Git repository of its own inside the
 * package (a submodule or a nested clone) is refused as the Git source refuses submodules.
 */
final class GitWorkTreeSelection {
  private final Set<String> files;
  private final Set<String> folders;

  private GitWorkTreeSelection(Set<String> files, Set<String> folders) {
    this.files = files;
    this.folders = folders;
  }

  /** Whether the folder or one above it holds a {@code .git} entry, where JGit would look. */
  private static boolean insideAGitFolder(Path folder) {
    for (Path current = folder.toAbsolutePath(); current != null; current = current.getParent()) {
      if (Files.exists(current.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The selection for {@code packageFolder}, or empty when it does not lie in a Git work tree.
   *
   * @param packagePath the package path as the user gave it, for messages
   */
  static Optional<GitWorkTreeSelection> of(Path packageFolder, String packagePath)
      throws IOException {
    if (!insideAGitFolder(packageFolder)) {
      return Optional.empty(); // without loading JGit: a fifth of a small layer's build
    }
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(packageFolder.toFile());
    if (builder.getGitDir() == null) {
      return Optional.empty();
    }
    try (Repository repository = builder.setMustExist(true).build()) {
      if (repository.isBare()) {
        return Optional.empty();
      }
      Path workTree = repository.getWorkTree().toPath().toRealPath();
      String prefix = workTree.relativize(packageFolder.toRealPath()).toString()
          .replace(packageFolder.getFileSystem().getSeparator(), "/");
      return Optional.of(select(repository, prefix, packagePath));
    }
  }

  /** Whether a file or link, by its path relative to the package folder, would be committed. */
  boolean includesFile(String path) {
    return files.contains(path);
  }

  /** Whether a folder, by its path relative to the package folder, holds anything committed. */
  boolean includesFolder(String path) {
    return folders.contains(path);
  }

  private static GitWorkTreeSelection select(Repository repository, String prefix,
      String packagePath) throws IOException {
    Set<String> files = new HashSet<>();
    Set<String> folders = new HashSet<>();
    Set<String> ignoredFolders = new HashSet<>();
    String start = prefix.isEmpty() ? "" : prefix + "/";
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.addTree(new DirCacheIterator(repository.readDirCache()));
      walk.addTree(new FileTreeIterator(repository));
      if (!prefix.isEmpty()) {
        walk.setFilter(PathFilter.create(prefix));
      }
      walk.setRecursive(false);
      while (walk.next()) {
        String path = walk.getPathString();
        if (!path.startsWith(start)) {
          if (walk.isSubtree()) {
            walk.enterSubtree(); // a folder on the way to the package
          }
          continue;
        }
        String relative = path.substring(start.length());
        boolean tracked = walk.getTree(0, DirCacheIterator.class) != null;
        WorkingTreeIterator onDisk = walk.getTree(1, WorkingTreeIterator.class);
        if (onDisk == null) {
          continue; // tracked, but deleted from the work tree
        }
        // a rule matching a tracked path does not untrack it, but does ignore what is added
        // beside it in an ignored folder
        boolean ruleMatches = onDisk.isEntryIgnored() || insideAny(relative, ignoredFolders);
        boolean ignored = !tracked && ruleMatches;
        if (walk.getFileMode(0) == FileMode.GITLINK
            || (!ignored && onDisk.getEntryFileMode() == FileMode.GITLINK)) {
          throw new SourceException("'" + PathRules.printable(relative) + "' in " + packagePath
              + " is a Git repository of its own (a submodule or a nested clone): Git would not"
              + " commit its files here; vendor the files or remove it");
        }
        if (walk.isSubtree()) {
          if (ruleMatches) {
            ignoredFolders.add(relative);
            if (!tracked) {
              continue; // nothing in it would be committed
            }
          }
          walk.enterSubtree();
        } else if (!ignored) {
          files.add(relative);
          for (int slash = relative.lastIndexOf('/'); slash > 0
              && folders.add(relative.substring(0, slash));
              slash = relative.lastIndexOf('/', slash - 1)) {
            // each new parent folder once; its own parents follow
          }
        }
      }
    }
    return new GitWorkTreeSelection(files, folders);
  }

  private static boolean insideAny(String path, Set<String> folders) {
    for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      if (folders.contains(path.substring(0, slash))) {
        return true;
      }
    }
    return false;
  }
}
