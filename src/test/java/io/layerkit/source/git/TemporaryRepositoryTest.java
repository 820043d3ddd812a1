package io.layerkit.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
}
