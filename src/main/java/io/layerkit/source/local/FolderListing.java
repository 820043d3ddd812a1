package io.layerkit.source.local;

import io.layerkit.source.SourceException;
import io.layerkit.tree.PathRules;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One walk of a package folder on disk: files with their sizes and executable bits, links as
 * links (never followed), and folders. What the walk takes:
 *
 * <ul>
 *   <li>in a Git work tree, what Git would commit ({@link GitWorkTreeSelection}); folders then
 *       come only as the parents of what is taken, since Git keeps no empty folder;
 *   <li>outside one, everything but {@code .git};
 *   <li>never layerkit's own output ({@link OwnOutputs}).
 * </ul>
 *
 * Each failure names the entry and its real cause.
 */
final class FolderListing {
  private final Path folder;
  private final Optional<GitWorkTreeSelection> git;
  private final OwnOutputs ownOutputs;

  FolderListing(Path folder, Optional<GitWorkTreeSelection> git, OwnOutputs ownOutputs) {
    this.folder = folder;
    this.git = git;
    this.ownOutputs = ownOutputs;
  }

  List<TreeEntry> list() throws IOException {
    List<TreeEntry> entries = new ArrayList<>();
    try {
      Files.walkFileTree(folder, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
            throws IOException {
          if (dir.equals(folder)) {
            return FileVisitResult.CONTINUE;
          }
          String path = relative(folder, dir);
          if (!takesFolder(dir, path)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          requireUtf8Name(dir);
          if (git.isEmpty()) {
            entries.add(TreeEntry.directory(path));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          String path = relative(folder, file);
          if (!takesFile(file, path)) {
            return FileVisitResult.CONTINUE;
          }
          requireUtf8Name(file);
          if (attrs.isSymbolicLink()) {
            entries.add(TreeEntry.symlink(path, linkTarget(file).length));
          } else if (attrs.isRegularFile()) {
            requireReadable(file, path);
            entries.add(TreeEntry.file(path, attrs.size(), isExecutable(file)));
          } else {
            throw new SourceException("'" + shown(path)
                + "' is neither a file, a folder nor a link (a socket or device?); remove it");
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          String path = relative(folder, file);
          if (!takesFolder(file, path) && !takesFile(file, path)) {
            return FileVisitResult.CONTINUE; // left out anyway: what it holds does not matter
          }
          throw walkFailure(path, e);
        }
      });
    } catch (SourceException e) {
      throw e;
    } catch (IOException e) {
      throw new SourceException("cannot read package folder " + folder + ": " + e.getMessage(), e);
    }
    return entries;
  }

  private boolean takesFolder(Path dir, String path) {
    return !dir.getFileName().toString().equals(".git") && !ownOutputs.contains(dir)
        && git.map(selection -> selection.includesFolder(path)).orElse(true);
  }

  private boolean takesFile(Path file, String path) {
    // a worktree's or submodule's .git file or link is Git's, not the package's
    return !file.getFileName().toString().equals(".git") && !ownOutputs.contains(file)
        && git.map(selection -> selection.includesFile(path)).orElse(true);
  }

  /**
   * A name whose bytes are not UTF-8 decodes to replacement characters, and the decoded name no
   * longer leads to the file: it is refused by name here, not reported later as missing.
   */
  private void requireUtf8Name(Path path) throws SourceException {
    Path name = path.getFileName();
    if (!name.getFileSystem().getPath(name.toString()).equals(name)) {
      throw new SourceException("'" + shown(relative(folder, path)).replace('\uFFFD', '?')
          + "' is not valid UTF-8 (the ? stand for other bytes): rename it; a layer's names are"
          + " UTF-8, as Lambda extracts them");
    }
  }

  static String relative(Path folder, Path path) {
    return folder.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
  }

  static byte[] linkTarget(Path link) throws IOException {
    return Files.readSymbolicLink(link).toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isExecutable(Path file) throws IOException {
    try {
      Set<PosixFilePermission> permissions =
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      return permissions.contains(PosixFilePermission.OWNER_EXECUTE);
    } catch (UnsupportedOperationException e) {
      return Files.isExecutable(file); // no POSIX modes on this file system
    }
  }

  private static void requireReadable(Path file, String path) throws SourceException {
    if (!Files.isReadable(file)) {
      throw unreadable(path, null);
    }
  }

  static SourceException unreadable(String path, IOException cause) {
    return new SourceException("cannot read '" + shown(path)
        + "': permission denied; fix its permissions or remove it from the package", cause);
  }

  /** A failure while walking the folder, with its real cause rather than a guess. */
  private static SourceException walkFailure(String path, IOException e) {
    if (e instanceof AccessDeniedException) {
      return unreadable(path, e);
    }
    if (e instanceof NoSuchFileException) {
      return new SourceException("'" + shown(path) + "' disappeared while the folder was read;"
          + " re-run when the folder is stable", e);
    }
    return new SourceException("cannot read '" + shown(path) + "': " + reason(e), e);
  }

  /** The system's reason ("File name too long"), without the path the JDK puts first. */
  static String reason(IOException e) {
    if (e instanceof FileSystemException fs) {
      return fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** A path for a one-line message: control characters escaped, a very long one shortened. */
  static String shown(String path) {
    String printable = PathRules.printable(path);
    return printable.length() <= 200 ? printable
        : printable.substring(0, 90) + "..." + printable.substring(printable.length() - 90);
  }
}
