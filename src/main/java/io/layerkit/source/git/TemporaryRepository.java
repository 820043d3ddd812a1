package io.layerkit.source.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FileUtils;

/**
 * A bare repository in its own fresh folder under the temp root, which exists only for one
 * source's life. On disk rather than JGit's in-memory repository: the fetched pack can be as
 * large as the layer, memory must stay bounded, and the in-memory object database cannot record
 * shallow commits, so a depth-1 fetch into it fails.
 */
final class TemporaryRepository implements AutoCloseable {
  private static final String PREFIX = "layerkit-git-";

  private final Path folder;
  private final Repository repository;

  private TemporaryRepository(Path folder, Repository repository) {
    this.folder = folder;
    this.repository = repository;
  }

  static TemporaryRepository create(Path root) throws IOException {
    Files.createDirectories(root);
    Path folder = Files.createTempDirectory(root, PREFIX);
    try {
      Repository repository = new FileRepositoryBuilder()
          .setGitDir(folder.toFile())
          .setBare()
          .build();
      repository.create(true);
      return new TemporaryRepository(folder, repository);
    } catch (IOException | RuntimeException e) {
      FileUtils.delete(folder.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
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
      FileUtils.delete(folder.toFile(),
          FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
    }
  }
}
