package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.layerkit.source.bitbucket.TestSources.COMMIT_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.layerkit.source.Revision;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import io.layerkit.tree.UnsafePathException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Listing with {@code max_depth}: one paginated listing holds many levels, only folders whose
 * contents did not come back are listed on their own, and a listing Bitbucket finds too deep
 * (HTTP 555) is asked again with half the depth.
 */
class BitbucketDeepListingAgainstWireMockTest {
  @RegisterExtension
  static final BitbucketServer server = new BitbucketServer();

  static final Revision AT_A = new Revision(Optional.of("main"), COMMIT_A);

  final BitbucketApiStub stub = server.stub();

  /** Five levels under {@code pkg}, many small folders, like an installed Python package. */
  static RepoTree fiveLevels() {
    RepoTree tree = new RepoTree().file("pkg/setup.py", "setup()\n");
    for (String service : List.of("ec2", "s3", "sqs")) {
      for (String date : List.of("2015-04-15", "2016-11-15")) {
        String dir = "pkg/botocore/data/" + service + "/" + date;
        tree.file(dir + "/service-2.json", "{\"service\": \"" + service + "\"}\n");
        tree.file(dir + "/paginators-1.json", "{}\n");
      }
    }
    return tree.file("pkg/botocore/data/endpoints.json", "{}\n")
        .executable("pkg/bin/aws", "#!/bin/sh\n")
        .symlink("pkg/bin/aws2", "aws");
  }

  @Test
  void pagesOfMixedDepthsBuildTheTreeAndOnlyTheDeepestFoldersAreListedAgain() throws Exception {
    RepoTree tree = fiveLevels();
    // the levels are registered once each: a listing of pkg three levels deep, and of the three
    // service folders on the third level, each three levels deep; pages of 4 entries mix levels
    stub.listing(COMMIT_A, tree, "pkg", 3, 4);
    for (String service : List.of("ec2", "s3", "sqs")) {
      stub.listing(COMMIT_A, tree, "pkg/botocore/data/" + service, 3, 4);
    }
    tree.blobs().forEach((path, blob) -> stub.rawFile(COMMIT_A, path, blob.content()));
    BitbucketSource source = server.openSource(server.settings().withListingDepth(3));

    PackageTree listed = source.list(AT_A, "pkg");

    assertThat(listed).isEqualTo(PackageTree.of("pkg", expected(tree)));
    assertThat(server.findAllUnmatchedRequests()).isEmpty();
    List<String> urls = urls();
    // pkg: 10 entries on three levels -> 3 pages; each service: 2 dates + 4 files -> 2 pages
    assertThat(urls).hasSize(3 + 3 * 2);
    assertThat(urls).filteredOn(url -> url.contains("&page=")).hasSize(2 + 3);
    assertThat(urls).allSatisfy(url -> assertThat(url).contains("max_depth=3"));
    assertThat(urls).noneMatch(url -> url.contains("/2015-04-15/") || url.contains("/bin/")
        || url.contains("/botocore/?") || url.contains("/data/?"));
    assertThat(listed.entries()).contains(TreeEntry.file("bin/aws", 10, true),
        TreeEntry.symlink("bin/aws2", 3));
  }

  @Test
  void aListingBitbucketFindsTooDeepIsAskedAgainWithHalfTheDepthDownToOneLevel()
      throws Exception {
    RepoTree tree = fiveLevels();
    for (int depth : List.of(8, 4, 2)) {
      stub.stub(get(urlEqualTo(stub.folderUrl(COMMIT_A, "pkg", depth))),
          stub.error(555, "The request took too long to complete"));
    }
    for (String dir : tree.directories()) {
      stub.listing(COMMIT_A, tree, dir, 1, 100);
    }
    BitbucketSource source = server.openSource(server.settings().withListingDepth(8));

    PackageTree listed = source.list(AT_A, "pkg");

    assertThat(listed).isEqualTo(PackageTree.of("pkg", expected(tree)));
    List<String> urls = urls();
    assertThat(urls.subList(0, 4)).containsExactly(stub.folderUrl(COMMIT_A, "pkg", 8),
        stub.folderUrl(COMMIT_A, "pkg", 4), stub.folderUrl(COMMIT_A, "pkg", 2),
        stub.folderUrl(COMMIT_A, "pkg", 1));
    // the lower depth is kept: every later listing asks for one level, none is refused again
    assertThat(urls.subList(4, urls.size())).allSatisfy(url ->
        assertThat(url).endsWith("?pagelen=100"));
    assertThat(server.findAllUnmatchedRequests()).isEmpty();
  }

  @Test
  void aTooDeepAnswerOnALaterPageThrowsAwayThePagesAlreadyRead() throws Exception {
    RepoTree tree = fiveLevels();
    String first = stub.folderUrl(COMMIT_A, "pkg", 4);
    String second = first + "&page=Zm9vYmFy";
    stub.stub(get(urlEqualTo(first)), stub.json(200, stub.page(4,
        stub.listingValues(COMMIT_A, tree, "pkg", 4).subList(0, 4), 1,
        server.baseUrl() + second)));
    stub.stub(get(urlEqualTo(second)), stub.error(555, "The request took too long to complete"));
    for (String dir : tree.directories()) {
      stub.listing(COMMIT_A, tree, dir, 2, 100);
    }
    BitbucketSource source = server.openSource(server.settings().withListingDepth(4));

    assertThat(source.list(AT_A, "pkg")).isEqualTo(PackageTree.of("pkg", expected(tree)));
    assertThat(urls().subList(0, 3)).containsExactly(first, second,
        stub.folderUrl(COMMIT_A, "pkg", 2));
    assertThat(server.findAllUnmatchedRequests()).isEmpty();
  }

  @Test
  void foldersWhoseContentsAreMissingFromTheDeepListingAreListedOnTheirOwn() throws Exception {
    RepoTree tree = new RepoTree()
        .file("pkg/a/one.py", "1\n")
        .file("pkg/b/two.py", "2\n")
        .file("pkg/c/d/three.py", "3\n");
    // the deep answer names pkg/b but none of its contents, and never names pkg/c/d
    List<ObjectNode> values = new ArrayList<>(List.of(
        stub.directoryValue(COMMIT_A, "pkg/a"),
        stub.directoryValue(COMMIT_A, "pkg/b"),
        stub.directoryValue(COMMIT_A, "pkg/c"),
        stub.fileValue(COMMIT_A, "pkg/a/one.py", tree.blob("pkg/a/one.py")),
        stub.fileValue(COMMIT_A, "pkg/c/d/three.py", tree.blob("pkg/c/d/three.py"))));
    stub.stub(get(urlEqualTo(stub.folderUrl(COMMIT_A, "pkg"))),
        stub.json(200, stub.page(100, values, 1, null)));
    stub.listing(COMMIT_A, tree, "pkg/b", BitbucketSettings.DEFAULT_LISTING_DEPTH, 100);
    stub.listing(COMMIT_A, tree, "pkg/c/d", BitbucketSettings.DEFAULT_LISTING_DEPTH, 100);
    BitbucketSource source = server.openSource();

    PackageTree listed = source.list(AT_A, "pkg");

    assertThat(listed).isEqualTo(PackageTree.of("pkg", expected(tree)));
    assertThat(urls()).containsExactlyInAnyOrder(stub.folderUrl(COMMIT_A, "pkg"),
        stub.folderUrl(COMMIT_A, "pkg/b"), stub.folderUrl(COMMIT_A, "pkg/c/d"));
  }

  @Test
  void refusesAnEntryDeeperThanAskedFor() {
    stub.stub(get(urlEqualTo(stub.folderUrl(COMMIT_A, "pkg", 2))), stub.json(200, stub.page(100,
        List.of(stub.fileValue(COMMIT_A, "pkg/a/b/deep.py",
            new RepoTree.Blob(BitbucketApiStub.utf8("x"), List.of()))), 1, null)));
    BitbucketSource source = server.openSource(server.settings().withListingDepth(2));

    assertThatThrownBy(() -> source.list(AT_A, "pkg"))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("pkg/a/b/deep.py")
        .hasMessageContaining("listed 3 levels below 'pkg', deeper than the 2 asked for");
  }

  /** The tree's entries below {@code pkg}, relative to it. */
  private static List<TreeEntry> expected(RepoTree tree) {
    List<TreeEntry> entries = new ArrayList<>();
    tree.blobs().forEach((path, blob) -> {
      String relative = path.substring("pkg/".length());
      entries.add(blob.attributes().contains("link") ? TreeEntry.symlink(relative, blob.size())
          : TreeEntry.file(relative, blob.size(), blob.attributes().contains("executable")));
    });
    return entries;
  }

  /** Request URLs in the order they were served. */
  private static List<String> urls() {
    List<String> urls = new ArrayList<>(server.getAllServeEvents().stream()
        .map(ServeEvent::getRequest).map(request -> request.getUrl()).toList());
    Collections.reverse(urls);
    return urls;
  }
}
