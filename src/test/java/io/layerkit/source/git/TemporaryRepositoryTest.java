package io.layerkit.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary repositories leave nothing behind: closed ones are deleted, and ones abandoned by a
 * killed process are swept by the next one, while live and foreign folders stay.
 */
class TemporaryRepositoryTest {
  @TempDir Path root;

  private Path folder(String name, Duration age, boolean withLockFile) throws IOException {
    Path folder = Files.createDirectories(root.resolve(name));
    Files.writeString(folder.resolve("HEAD"), "ref: refs/heads/main\n");
    if (withLockFile) {
      Files.createFile(folder.resolve(TemporaryRepository.LOCK_FILE));
    }
    Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minus(age)));
    return folder;
  }

  @Test
  void closingDeletesTheRepositoryFolder() throws IOException {
    TemporaryRepository repository = TemporaryRepository.create(root);
    assertThat(repository.folder().resolve("objects")).isDirectory();

    repository.close();

    assertThat(root).isEmptyDirectory();
  }

  @Test
  void sweepsAbandonedRepositoriesButNotLiveYoungOrForeignFolders() throws IOException {
    Path abandoned = folder(TemporaryRepository.PREFIX + "abandoned", Duration.ofHours(3), true);
    Path halfCreated = folder(TemporaryRepository.PREFIX + "nolock", Duration.ofMinutes(5), false);
    Path young = folder(TemporaryRepository.PREFIX + "young", Duration.ofSeconds(5), true);
    Path foreign = folder("someone-else", Duration.ofDays(3), false);
    try (TemporaryRepository live = TemporaryRepository.create(root)) {
      Files.setLastModifiedTime(live.folder(), FileTime.from(Instant.now().minus(Duration.ofHours(2))));

      try (TemporaryRepository next = TemporaryRepository.create(root)) {
        assertThat(abandoned).doesNotExist();
        assertThat(halfCreated).doesNotExist();
        assertThat(young).isDirectory();
        assertThat(foreign).isDirectory();
        assertThat(live.folder()).isDirectory();
        assertThat(next.folder()).isDirectory();
      }
    }
  }

  @Test
  void aSweepInThisProcessLeavesTheLockThatGuardsALiveRepositoryFromOtherProcesses()
      throws Exception {
    try (TemporaryRepository live = TemporaryRepository.create(root)) {
      Files.setLastModifiedTime(live.folder(), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
      // a second source in this process sweeps first (its look at the live lock must not drop it)
      TemporaryRepository.removeAbandoned(root);
      assertThat(live.folder()).isDirectory();

      // then another layerkit process on the same machine sweeps the same temp folder
      Process child = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), SweepMain.class.getName(), root.toString())
          .redirectErrorStream(true).start();
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor()).as(output).isZero();

      assertThat(live.folder()).as("the live repository, swept by another process").isDirectory();
    }
  }

  /** Sweeps a temp root from a child JVM: another layerkit process starting on the machine. */
  public static final class SweepMain {
    public static void main(String[] args) {
      TemporaryRepository.removeAbandoned(Path.of(args[0]));
    }
  }
}
