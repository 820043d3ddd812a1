package io.layerkit.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepositoryUriTest {

  @Test
  void eachSourceIsNamedByTheRepositoryItsCommitIsIn() {
    assertThat(RepositoryUri.of("bitbucket://acme/cfct-config"))
        .isEqualTo("git+https://bitbucket.org/acme/cfct-config.git");
    assertThat(RepositoryUri.of("git+https://github.com/acme/layers.git"))
        .isEqualTo("git+https://github.com/acme/layers.git");
    assertThat(RepositoryUri.of("git+file:///srv/git/layers"))
        .isEqualTo("git+file:///srv/git/layers");
    assertThat(RepositoryUri.of("dir:/home/ci/layers")).isEqualTo("git+file:///home/ci/layers");
  }

  @Test
  void aFolderWithoutACommitHasNoRepository() {
    assertThat(RepositoryUri.ofCommit("dir:/home/ci/layers", Optional.empty())).isEmpty();
  }
}
