package io.layerkit.registry.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.layerkit.registry.RegistryException;
import io.layerkit.registry.Release;
import io.layerkit.registry.ReleaseJson;
import io.layerkit.registry.ReleaseRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Releases in one local JSON file ({@code file:PATH}, default {@code .layerkit/releases.json}):
 * every release ever recorded, oldest first; a package's current release is its latest.
 *
 * <p>A write takes an exclusive lock on a sibling {@code .lock} file, reads the file afresh,
 * appends, writes a temporary file and renames it over the old one, so neither a crash nor a
 * concurrent run can leave a torn or lost record.
 */
public final class FileReleaseRegistry implements ReleaseRegistry {
  private static final int FORMAT = 1;
  private static final ConcurrentHashMap<Path, ReentrantLock> THREAD_LOCKS =
      new ConcurrentHashMap<>();

  private final Path file;

  public FileReleaseRegistry(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  @Override
  public String describe() {
    return "file:" + file;
  }

  @Override
  public Optional<Release> current(String packageName) throws IOException {
    List<Release> history = history(packageName);
    return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
  }

  @Override
  public List<Release> history(String packageName) throws IOException {
    return readAll().stream().filter(r -> r.packageName().equals(packageName)).toList();
  }

  @Override
  public List<Release> currentReleases() throws IOException {
    Map<String, Release> latest = new LinkedHashMap<>();
    for (Release release : readAll()) {
      latest.put(release.packageName(), release);
    }
    List<Release> current = new ArrayList<>(latest.values());
    current.sort(Comparator.comparing(Release::packageName));
    return current;
  }

  @Override
  public void record(Release release) throws IOException {
    Files.createDirectories(file.getParent());
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    // A file lock guards against other processes; the JVM refuses a second file lock on the same
    // file from another thread, so threads of this process queue on a lock of their own first.
    ReentrantLock threadLock = THREAD_LOCKS.computeIfAbsent(lockFile, p -> new ReentrantLock());
    threadLock.lock();
    try (FileChannel lockChannel = FileChannel.open(lockFile,
            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.lock()) {
      List<Release> all = new ArrayList<>(readAll());
      all.add(release);
      writeAtomically(all);
    } finally {
      threadLock.unlock();
    }
  }

  private List<Release> readAll() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      JsonNode root = ReleaseJson.mapper().readTree(text);
      JsonNode releases = root == null ? null : root.get("releases");
      if (releases == null || !releases.isArray()) {
        throw new RegistryException(file + " is not a layerkit registry (no \"releases\" list);"
            + " point --registry at another file");
      }
      // a newer layout may mean something else by the same fields, and rewriting it in this
      // format would drop what this version does not know
      int format = root.path("format").asInt(FORMAT);
      if (format > FORMAT) {
        throw new RegistryException(file + " has format " + format + ", newer than the format "
            + FORMAT + " this layerkit reads; upgrade layerkit to use it");
      }
      return ReleaseJson.readList(releases.toString());
    } catch (JsonProcessingException e) {
      throw new RegistryException(file + " is not valid JSON (" + e.getOriginalMessage()
          + "); restore it from a backup or point --registry at another file", e);
    }
  }

  /** A mode someone gave the registry file on purpose survives the rename over it. */
  private void keepPermissions(Path temp) throws IOException {
    if (Files.exists(file)) {
      try {
        Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
      } catch (UnsupportedOperationException e) {
        // no POSIX modes on this file system: nothing to keep
      }
    }
  }

  private void writeAtomically(List<Release> releases) throws IOException {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("format", FORMAT);
    document.put("releases", releases);
    byte[] bytes = ReleaseJson.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(document);
    // not createTempFile: its 0600 would become the registry's mode, unreadable to others
    Path temp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        // a write may take fewer bytes than offered (a file-size limit, a nearly full disk);
        // only the next one reports why, so write until all are taken
        ByteBuffer remaining = ByteBuffer.wrap(bytes);
        while (remaining.hasRemaining()) {
          channel.write(remaining);
        }
        channel.force(true);
      }
      keepPermissions(temp);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new RegistryException("cannot write " + file + " (" + why
          + "); the registry is unchanged: free space or fix the folder, then run again", e);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
