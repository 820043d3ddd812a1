package io.layerkit.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A run's work folder ({@code layerkit-<digits>} in the temp folder), where each package's zip
 * waits to be stored. A run killed with {@code kill -9} or by a Lambda time-out cannot remove
 * its folder (a layer's worth of bytes), and a warm Lambda keeps {@code /tmp}; so, as the Git
 * source does for its repositories, each folder holds an OS lock on {@code layerkit.lock} for
 * its run's life, and creating one first removes the folders whose lock nobody holds any more.
 *
 * <p>POSIX locks belong to the process and all go when it closes any descriptor of the file, so
 * the sweep never opens the lock file of a folder this process holds itself. A folder without a
 * lock file (one a layerkit before this one made, or one whose run died before locking it) is
 * removed only when nothing in it has changed for an hour, longer than any run writes nothing.
 */
final class WorkFolder implements AutoCloseable {
  static final String PREFIX = "layerkit-";
  static final String LOCK_FILE = "layerkit.lock";
  /** What {@code Files.createTempDirectory(PREFIX)} makes; not the Git source's folders. */
  private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "\\d+");
  /** Younger folders may be one that another process has created but not locked yet. */
  private static final Duration UNLOCKED_GRACE = Duration.ofMinutes(1);
  private static final Duration WITHOUT_LOCK_FILE = Duration.ofHours(1);
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path path;
  private final FileChannel lock;

  private WorkFolder(Path path, FileChannel lock) {
    this.path = path;
    this.lock = lock;
  }

  /** Sweeps abandoned folders under {@code root}, then makes and locks a new one. */
  static WorkFolder create(Path root) {
    sweep(root);
    Path folder;
    try {
      folder = Files.createTempDirectory(root, PREFIX).toAbsolutePath().normalize();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder in " + root + ": "
          + e.getMessage(), e);
    }
    HELD_HERE.add(folder);
    try {
      FileChannel channel = FileChannel.open(folder.resolve(LOCK_FILE),
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      channel.lock();
      return new WorkFolder(folder, channel);
    } catch (IOException e) {
      // unlocked, the folder is still removed by the run, or else swept an hour later
      return new WorkFolder(folder, null);
    }
  }

  Path path() {
    return path;
  }

  /** Removes the folder and gives up its lock. */
  @Override
  public void close() {
    try {
      deleteRecursively(path);
    } finally {
      try {
        if (lock != null) {
          lock.close();
        }
      } catch (IOException e) {
        // the lock goes with the process at the latest
      } finally {
        HELD_HERE.remove(path);
      }
    }
  }

  /** Removes earlier work folders under {@code root} that no live run holds. */
  static void sweep(Path root) {
    Instant now = Instant.now();
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, PREFIX + "*")) {
      for (Path folder : folders) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (NAME.matcher(folder.getFileName().toString()).matches()
            && !HELD_HERE.contains(absolute)
            && Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && abandoned(folder, now)) {
          deleteRecursively(folder);
        }
      }
    } catch (IOException e) {
      // best effort: a folder that cannot be removed now is tried again by the next run
    }
  }

  private static boolean abandoned(Path folder, Instant now) throws IOException {
    Instant changed = Files.getLastModifiedTime(folder).toInstant();
    Path lockFile = folder.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) {
      return changed.isBefore(now.minus(WITHOUT_LOCK_FILE));
    }
    if (!changed.isBefore(now.minus(UNLOCKED_GRACE))) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock held = channel.tryLock();
      if (held == null) {
        return false;
      }
      held.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // a run of this very process
    }
  }

  /**
   * Deletes the folder. During a shutdown the archiver's threads still run and may add a file
   * while the folder is walked, so a folder that is still there is walked again.
   */
  static void deleteRecursively(Path dir) {
    for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // best effort: the run's result stands; the next run's sweep tries again
    }
  }
}
