package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static io.layerkit.source.bitbucket.TestSources.COMMIT_A;
import static io.layerkit.source.bitbucket.TestSources.COMMIT_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.source.Revision;
import io.layerkit.source.SourceException;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pinning a ref to one commit, and keeping to it while the branch moves. */
class BitbucketRefResolutionAgainstWireMockTest {
  @RegisterExtension
  static final BitbucketServer server = new BitbucketServer();

  final BitbucketApiStub stub = server.stub();
  final BitbucketSource source = server.openSource();

  @BeforeEach
  void start() {
    // anything not stubbed answers like Bitbucket does for a missing ref
    stub.stub(get(anyUrl()).atPriority(10), stub.error(404, "Resource not found"));
  }

  @Test
  void noRefMeansTheMainBranch() throws Exception {
    stub.repository("trunk");
    stub.branch("trunk", COMMIT_A);

    assertThat(source.resolve(Optional.empty())).isEqualTo(new Revision(Optional.empty(), COMMIT_A));
    assertThat(urls()).containsExactly(stub.repoPath(), stub.repoPath() + "/refs/branches/trunk");
  }

  @Test
  void aBranchNameWithSlashesIsOneEncodedSegment() throws Exception {
    stub.branch("feature/layers v2", COMMIT_B);

    assertThat(source.resolve(Optional.of("feature/layers v2")).commit()).isEqualTo(COMMIT_B);
    assertThat(urls()).containsExactly(
        stub.repoPath() + "/refs/branches/feature%2Flayers%20v2");
  }

  @Test
  void aTagIsTriedWhenNoBranchHasTheName() throws Exception {
    stub.tag("v1.2.0", COMMIT_B);

    assertThat(source.resolve(Optional.of("v1.2.0")))
        .isEqualTo(new Revision(Optional.of("v1.2.0"), COMMIT_B));
    assertThat(urls()).containsExactly(stub.repoPath() + "/refs/branches/v1.2.0",
        stub.repoPath() + "/refs/tags/v1.2.0");
  }

  @Test
  void aShortCommitIsExpandedByTheCommitEndpoint() throws Exception {
    stub.commit("3f2a9c0", COMMIT_A);

    assertThat(source.resolve(Optional.of("3f2a9c0")).commit()).isEqualTo(COMMIT_A);
    assertThat(urls()).endsWith(stub.repoPath() + "/commit/3f2a9c0");
  }

  @Test
  void aFullCommitIdIsCheckedDirectly() throws Exception {
    stub.commit(COMMIT_B, COMMIT_B);

    assertThat(source.resolve(Optional.of(COMMIT_B)).commit()).isEqualTo(COMMIT_B);
    assertThat(urls()).containsExactly(stub.repoPath() + "/commit/" + COMMIT_B);
  }

  @Test
  void refsHeadsAndRefsTagsPrefixesPickTheKind() throws Exception {
    stub.branch("main", COMMIT_A);
    stub.tag("main", COMMIT_B);

    assertThat(source.resolve(Optional.of("refs/tags/main")).commit()).isEqualTo(COMMIT_B);
    assertThat(source.resolve(Optional.of("refs/heads/main")).commit()).isEqualTo(COMMIT_A);
  }

  @Test
  void anUnknownRefIsOneLine() {
    stub.repository("main");

    assertThatThrownBy(() -> source.resolve(Optional.of("nope")))
        .isInstanceOf(SourceException.class)
        .hasMessage("no branch, tag or commit 'nope' in acme/platform: check --ref");
  }

  @Test
  void aMissingRepositoryIsToldApartFromAMissingRef() {
    assertThatThrownBy(() -> source.resolve(Optional.of("main")))
        .isInstanceOf(SourceException.class)
        .hasMessage("no repository acme/platform at " + server.baseUrl()
            + " (or the token cannot see it): check the workspace and repository in"
            + " bitbucket://acme/platform and the token's access");
  }

  @Test
  void everyRequestOfARunUsesTheCommitResolvedFirstWhileTheBranchMoves() throws Exception {
    RepoTree atA = new RepoTree().file("pkg/a.py", "A = 1\n").file("pkg/sub/b.py", "B = 1\n");
    RepoTree atB = new RepoTree().file("pkg/a.py", "A = 2  # moved\n").file("pkg/c.py", "C\n");
    stub.branch("main", COMMIT_A);
    stub.tree(COMMIT_A, atA, 100);
    stub.tree(COMMIT_B, atB, 100);

    Revision pinned = source.resolve(Optional.of("main"));
    stub.branch("main", COMMIT_B); // someone pushes while the run is going
    PackageTree tree = source.list(pinned, "pkg");
    for (TreeEntry entry : tree.entries()) {
      if (!entry.isDirectory()) {
        try (InputStream in = source.open(pinned, "pkg", entry)) {
          in.readAllBytes();
        }
      }
    }

    assertThat(pinned.commit()).isEqualTo(COMMIT_A);
    assertThat(tree.entries()).extracting(TreeEntry::path)
        .containsExactly("a.py", "sub", "sub/b.py");
    List<String> srcUrls = urls().stream().filter(url -> url.contains("/src/")).toList();
    // one listing of the whole folder (max_depth), then the two files
    assertThat(srcUrls).hasSize(3).allSatisfy(url ->
        assertThat(url).contains("/src/" + COMMIT_A + "/").doesNotContain(COMMIT_B));
    assertThat(source.resolve(Optional.of("main")).commit()).isEqualTo(COMMIT_B);
  }

  private List<String> urls() {
    List<String> urls = new java.util.ArrayList<>(server.getAllServeEvents().stream()
        .map(event -> event.getRequest().getUrl()).toList());
    java.util.Collections.reverse(urls); // the journal lists newest first
    return urls;
  }
}
