package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.layerkit.source.bitbucket.TestSources.COMMIT_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.layerkit.source.Revision;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Small files fetched while the listing's pages still come in: each file is still requested once,
 * only without a rate-limit budget to protect, and a failure ahead is retried when opened.
 */
class BitbucketFetchAheadAgainstWireMockTest {
  @RegisterExtension
  static final BitbucketServer server = new BitbucketServer();

  static final Revision AT_A = new Revision(Optional.of("main"), COMMIT_A);

  final BitbucketApiStub stub = server.stub();

  BitbucketSource fetchingAhead(long bytes) {
    return server.openSource(server.settings().withPrefetchBytes(bytes));
  }

  @Test
  void filesAreFetchedWhileTheListingGoesOnAndEachIsRequestedOnce() throws Exception {
    RepoTree tree = files(40);
    // eight pages of five, each 40 ms late: the first files are fetched long before the last page
    stub.withFixedDelay(40).listing(COMMIT_A, tree, "pkg", BitbucketSettings.DEFAULT_LISTING_DEPTH,
        5);
    stub.withFixedDelay(0);
    tree.blobs().forEach((path, blob) -> stub.rawFile(COMMIT_A, path, blob.content()));
    BitbucketSource source = fetchingAhead(BitbucketSettings.DEFAULT_PREFETCH_BYTES);

    PackageTree listed = source.list(AT_A, "pkg");
    readAll(source, listed, tree);

    for (String path : tree.blobs().keySet()) {
      server.verify(1, getRequestedFor(urlEqualTo(stub.rawUrl(COMMIT_A, path))));
    }
    List<ServeEvent> inOrder = server.getAllServeEvents().stream()
        .sorted(Comparator.comparing(event -> event.getRequest().getLoggedDate())).toList();
    int firstFile = indexOf(inOrder, "/pkg/f");
    int lastPage = lastIndexOf(inOrder, "max_depth=");
    assertThat(firstFile).as("a file fetched before the last listing page")
        .isLessThan(lastPage);
    assertThat(source.requestCount()).isEqualTo(8 + 40);
  }

  @Test
  void withRateLimitHeadersNothingIsFetchedBeforeTheListingEnds() throws Exception {
    RepoTree tree = files(12);
    stub.withRateLimitHeaders(10_000, false).tree(COMMIT_A, tree, 5);
    BitbucketSource source = fetchingAhead(BitbucketSettings.DEFAULT_PREFETCH_BYTES);

    PackageTree listed = source.list(AT_A, "pkg");
    Thread.sleep(200);

    server.verify(0, getRequestedFor(urlPathMatching(".*/pkg/f[0-9]+\\.txt")));
    readAll(source, listed, tree);
    server.verify(12, getRequestedFor(urlPathMatching(".*/pkg/f[0-9]+\\.txt")));
  }

  @Test
  void fetchesNotBegunWhenTheListingEndsAreLeftToOpen() throws Exception {
    RepoTree tree = files(200);
    stub.tree(COMMIT_A, tree, 100);
    BitbucketSource source = server.openSource(server.settings().withConcurrency(2)
        .withPrefetchBytes(BitbucketSettings.DEFAULT_PREFETCH_BYTES));

    PackageTree listed = source.list(AT_A, "pkg");
    long fetchedByListing = server.getAllServeEvents().stream()
        .filter(event -> event.getRequest().getUrl().contains("/pkg/f")).count();
    Thread.sleep(300);

    // one fetch ahead at a time, two pages of listing: most files were not begun and stay so
    assertThat(server.getAllServeEvents().stream()
        .filter(event -> event.getRequest().getUrl().contains("/pkg/f")).count())
        .isLessThanOrEqualTo(fetchedByListing + 1).isLessThan(200);
    readAll(source, listed, tree);
    server.verify(200, getRequestedFor(urlPathMatching(".*/pkg/f[0-9]+\\.txt")));
  }

  @Test
  void whatDoesNotFitInTheBoundIsFetchedWhenOpenedStillOnce() throws Exception {
    RepoTree tree = files(30);
    stub.tree(COMMIT_A, tree, 5);
    BitbucketSource source = fetchingAhead(3 * tree.blob("pkg/f0.txt").size());

    readAll(source, source.list(AT_A, "pkg"), tree);

    server.verify(30, getRequestedFor(urlPathMatching(".*/pkg/f[0-9]+\\.txt")));
  }

  @Test
  void aFileThatFailedAheadIsFetchedAgainWhenOpened() throws Exception {
    RepoTree tree = files(2);
    // one file a page, the second page late: the first file is fetched ahead meanwhile
    stub.withFixedDelay(300).listing(COMMIT_A, tree, "pkg",
        BitbucketSettings.DEFAULT_LISTING_DEPTH, 1);
    stub.withFixedDelay(0).rawFile(COMMIT_A, "pkg/f1.txt", tree.blob("pkg/f1.txt").content());
    String url = stub.rawUrl(COMMIT_A, "pkg/f0.txt");
    stub.stub(get(urlEqualTo(url)).inScenario("flaky").whenScenarioStateIs(STARTED)
        .willSetStateTo("fixed"), stub.error(403, "Access denied"));
    stub.stub(get(urlEqualTo(url)).inScenario("flaky").whenScenarioStateIs("fixed"),
        stub.raw(tree.blob("pkg/f0.txt").content(), "pkg/f0.txt"));
    BitbucketSource source = fetchingAhead(BitbucketSettings.DEFAULT_PREFETCH_BYTES);

    PackageTree listed = source.list(AT_A, "pkg");
    readAll(source, listed, tree);

    server.verify(2, getRequestedFor(urlEqualTo(url)));
  }

  private static void readAll(BitbucketSource source, PackageTree listed, RepoTree tree)
      throws Exception {
    for (TreeEntry entry : listed.entries()) {
      if (!entry.isDirectory()) {
        try (InputStream in = source.open(AT_A, "pkg", entry)) {
          assertThat(in.readAllBytes()).isEqualTo(tree.blob("pkg/" + entry.path()).content());
        }
      }
    }
  }

  private static RepoTree files(int count) {
    RepoTree tree = new RepoTree();
    for (int i = 0; i < count; i++) {
      tree.file("pkg/f" + i + ".txt", String.format("file %03d\n", i));
    }
    return tree;
  }

  private static int indexOf(List<ServeEvent> events, String part) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).getRequest().getUrl().contains(part)) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(List<ServeEvent> events, String part) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).getRequest().getUrl().contains(part)) {
        return i;
      }
    }
    return -1;
  }
}
