package io.layerkit.source.git;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FileUtils;

/**
 * A bare repository in its own fresh folder under the temp root, which exists only for one
 * source's life. On disk rather than JGit's in-memory repository: the fetched pack can be as
 * large as the layer, memory must stay bounded, and the in-memory object database cannot record
 * shallow commits, so a depth-1 fetch into it fails.
 *
 * <p>A process killed mid-run (a Lambda timeout) cannot clean up, and a warm Lambda keeps its
 * {@code /tmp}. So each repository holds an OS file lock for its life, and creating one first
 * removes earlier repositories whose lock nobody holds any more. Those locks are POSIX record
 * locks, which belong to the process and are all dropped when it closes any descriptor of the
 * file; so the sweep never opens the lock file of a repository this process holds itself.
 */
final class TemporaryRepository implements AutoCloseable {
  static final String PREFIX = "layerkit-git-";
  static final String LOCK_FILE = "layerkit.lock";

  /** Younger folders may be one that another process has created but not locked yet. */
  private static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

  /** Folders of the repositories this process holds, which the sweep must not even look into. */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path folder;
  private final Repository repository;
  private final FileChannel lockChannel;

  private TemporaryRepository(Path folder, Repository repository, FileChannel lockChannel) {
    this.folder = folder;
    this.repository = repository;
    this.lockChannel = lockChannel;
  }

  static TemporaryRepository create(Path root) throws IOException {
    Files.createDirectories(root);
    removeAbandoned(root);
    Path folder = Files.createTempDirectory(root, PREFIX).toAbsolutePath().normalize();
    HELD_HERE.add(folder);
    FileChannel lock = null;
    try {
      lock = FileChannel.open(folder.resolve(LOCK_FILE),
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      lock.lock();
      Repository repository = new FileRepositoryBuilder()
          .setGitDir(folder.toFile())
          .setBare()
          .build();
      repository.create(true);
      return new TemporaryRepository(folder, repository, lock);
    } catch (IOException | RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      try {
        FileUtils.delete(folder.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
      } finally {
        HELD_HERE.remove(folder);
      }
      throw e;
    }
  }

  Repository repository() {
    return repository;
  }

  Path folder() {
    return folder;
  }

  /** Closes the repository and removes its folder, whatever state a fetch left it in. */
  @Override
  public void close() throws IOException {
    try {
      repository.close();
    } finally {
      try {
        lockChannel.close();
      } finally {
        try {
          FileUtils.delete(folder.toFile(),
              FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        } finally {
          HELD_HERE.remove(folder);
        }
      }
    }
  }

  /** Deletes earlier temporary repositories under {@code root} that no live process holds. */
  static void removeAbandoned(Path root) {
    Instant cutoff = Instant.now().minus(ABANDONED_AFTER);
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, PREFIX + "*")) {
      for (Path folder : folders) {
        if (!HELD_HERE.contains(folder.toAbsolutePath().normalize())
            && Files.isDirectory(folder)
            && Files.getLastModifiedTime(folder).toInstant().isBefore(cutoff)
            && !isHeld(folder)) {
          FileUtils.delete(folder.toFile(),
              FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        }
      }
    } catch (IOException e) {
      // Best effort: an abandoned folder that cannot be removed now is tried again next time.
    }
  }

  private static boolean isHeld(Path folder) throws IOException {
    Path lockFile = folder.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // held by a source in this very process
    }
  }
}
