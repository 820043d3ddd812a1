package io.layerkit.registry.file;

import io.layerkit.registry.Lease;
import io.layerkit.registry.LeaseHeldException;
import io.layerkit.registry.PackageLeases;
import io.layerkit.registry.RegistryException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Package leases of a {@code file:} registry: an exclusive lock on
 * {@code <registry>.<package>.lease} beside the registry file. The operating system lets go of a
 * dead process's lock, so a lease never outlives its run and needs no expiry. The lock file
 * itself stays: deleting it would let a third run lock a new file while the second still waits
 * on the old one.
 */
public final class FileLeases implements PackageLeases {
  /**
   * The JVM refuses a second lock on one file from another thread: runs of this process queue
   * here first, on a permit that is no thread's (a second run on the same thread waits too).
   */
  private static final ConcurrentHashMap<Path, Semaphore> THREAD_LOCKS =
      new ConcurrentHashMap<>();
  private static final Duration POLL = Duration.ofMillis(200);

  private final Path registryFile;

  /** Leases beside {@code registryFile}. */
  public FileLeases(Path registryFile) {
    this.registryFile = registryFile.toAbsolutePath().normalize();
  }

  @Override
  public String describe() {
    return "file:" + registryFile;
  }

  @Override
  public Lease take(String packageName, Duration longestWait, Consumer<String> waiting)
      throws IOException {
    Path lockFile = registryFile.resolveSibling(registryFile.getFileName() + "." + packageName
        + ".lease");
    long deadline = System.nanoTime() + longestWait.toNanos();
    Semaphore threadLock = THREAD_LOCKS.computeIfAbsent(lockFile, p -> new Semaphore(1));
    if (!threadLock.tryAcquire()) {
      waiting.accept("lock " + lockFile + " held by another run in this process");
      if (!awaitThreadLock(threadLock, deadline)) {
        throw held(packageName, lockFile, longestWait);
      }
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(registryFile.getParent());
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      if (awaitFileLock(channel, lockFile, deadline, waiting) == null) {
        throw held(packageName, lockFile, longestWait);
      }
      return new HeldLock(channel, threadLock);
    } catch (IOException | RuntimeException e) {
      new HeldLock(channel, threadLock).close();
      throw e;
    }
  }

  /** The open lock file (closing it releases the lock) and this process's queue for it. */
  private record HeldLock(FileChannel channel, Semaphore threadLock) implements Lease {
    @Override
    public void close() {
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException e) {
        // the lock ends with the process at the latest
      } finally {
        threadLock.release();
      }
    }
  }

  private static boolean awaitThreadLock(Semaphore lock, long deadline) throws IOException {
    try {
      return lock.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while waiting for another run's lease");
    }
  }

  /** The file lock, or {@code null} when another process still holds it at the deadline. */
  private static FileLock awaitFileLock(FileChannel channel, Path lockFile, long deadline,
      Consumer<String> waiting) throws IOException {
    boolean told = false;
    while (true) {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      if (!told) {
        waiting.accept("lock " + lockFile + " held by another process");
        told = true;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException("interrupted while waiting for another run's lease");
      }
    }
  }

  private static LeaseHeldException held(String packageName, Path lockFile, Duration waited) {
    return new LeaseHeldException("package " + packageName + " is being published by another run"
        + " (it holds " + lockFile + "); waited " + waited.toSeconds() + " s: run again once"
        + " it has finished");
  }
}
