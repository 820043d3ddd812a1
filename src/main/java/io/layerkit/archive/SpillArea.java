package io.layerkit.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The temporary files of one archive run, kept in the target's folder (same disk, usually not a
 * small tmpfs). It owns their lifetime: {@link #close} deletes whatever is left and refuses new
 * files afterwards, so a worker that finishes after a failure cannot leave one behind.
 */
final class SpillArea implements AutoCloseable {
  private final Path folder;
  private final Set<Path> live = new HashSet<>();
  private boolean closed;

  SpillArea(Path folder) {
    this.folder = folder;
  }

  synchronized Path newFile() throws IOException {
    if (closed) {
      throw new IOException("archive run already ended");
    }
    Path file = Files.createTempFile(folder, ".layerkit-spill-", ".tmp");
    live.add(file);
    return file;
  }

  synchronized void delete(Path file) throws IOException {
    live.remove(file);
    Files.deleteIfExists(file);
  }

  /** Files currently held; for tests that prove nothing is left behind. */
  synchronized int liveFiles() {
    return live.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    UncheckedIOException failure = null;
    for (Path file : live) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        failure = new UncheckedIOException("cannot delete temporary file " + file, e);
      }
    }
    live.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
