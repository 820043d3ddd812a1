package io.layerkit.source.git;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link GitSource} reading repositories made by {@code git} through Git's smart HTTP protocol,
 * served on loopback by {@code git http-backend} with partial fetches on, as GitHub and GitLab
 * serve them: trees first, blobs when a folder is read.
 */
class GitSourceOverSmartHttpTest extends GitSourceContract {
  private GitHttpBackendServer server;

  @Override
  boolean offersPartialFetch() {
    return true;
  }

  @Override
  String sourceUri(FixtureRepository repository) throws IOException {
    if (server == null) {
      server = GitHttpBackendServer.open(repository.folder().getParent());
    }
    return "git+" + server.url(repository.folder().getFileName().toString());
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }
}
