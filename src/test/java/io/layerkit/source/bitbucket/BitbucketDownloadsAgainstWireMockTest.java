package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.layerkit.source.bitbucket.TestSources.COMMIT_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.source.Revision;
import io.layerkit.source.SourceException;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fetching entry contents: bytes, sizes, truncation, stalls, LFS redirects, the request bound. */
class BitbucketDownloadsAgainstWireMockTest {
  @RegisterExtension
  static final BitbucketServer server = new BitbucketServer();

  /** A second host, standing in for the media service LFS downloads are redirected to. */
  @RegisterExtension
  static WireMockExtension media =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final Revision AT_A = new Revision(Optional.of("main"), COMMIT_A);

  final BitbucketApiStub stub = server.stub();
  final BitbucketSource source = server.openSource();

  @Test
  void everyEntryYieldsItsBytesAndLinksTheirTarget() throws Exception {
    RepoTree repo = BitbucketListingAgainstWireMockTest.layerTree();
    stub.tree(COMMIT_A, repo, 100);
    String folder = BitbucketListingAgainstWireMockTest.FOLDER;
    PackageTree tree = source.list(AT_A, folder);

    for (TreeEntry entry : tree.entries()) {
      if (entry.isDirectory()) {
        continue;
      }
      try (InputStream in = source.open(AT_A, folder, entry)) {
        assertThat(in.readAllBytes()).as(entry.path())
            .isEqualTo(repo.blob(folder + "/" + entry.path()).content());
      }
    }
    assertThat(server.findAllUnmatchedRequests()).isEmpty();
    assertThat(server.getAllServeEvents()).extracting(e -> e.getRequest().getUrl()).contains(
        stub.srcUrl(COMMIT_A,
            "lambda/layers/requests/python/odd%20names/a%20file%20%231%20%3F%26%2B%25.txt"),
        stub.srcUrl(COMMIT_A, "lambda/layers/requests/python/odd%20names/100%25%20sure%2Bmore.txt"),
        stub.srcUrl(COMMIT_A,
            "lambda/layers/requests/python/%C3%BCn%C3%AFc%C3%B6d%C3%A9/%E6%97%A5%E6%9C%AC.py"),
        stub.srcUrl(COMMIT_A, "lambda/layers/requests/bin/tool-link"));
    assertThat(source.requestCount()).isEqualTo(server.getAllServeEvents().size());
  }

  @Test
  void aBodyCutShortIsFetchedAgainAndTheDeliveredBytesSkipped() throws Exception {
    byte[] content = bytes(50_000);
    String url = stub.rawUrl(COMMIT_A, "pkg/big.bin");
    // First answer: the right Content-Length, then the connection closes after 20,000 bytes.
    stub.stub(get(urlEqualTo(url)).inScenario("cut").whenScenarioStateIs(STARTED)
            .willSetStateTo("whole"),
        aResponse().withStatus(200).withHeader("Content-Length", "50000")
            .withHeader("ETag", "\"" + BitbucketApiStub.sha1(content) + "\"")
            .withBody(Arrays.copyOf(content, 20_000)));
    stub.stub(get(urlEqualTo(url)).inScenario("cut").whenScenarioStateIs("whole"),
        stub.raw(content, "pkg/big.bin"));

    try (InputStream in = source.open(AT_A, "pkg", TreeEntry.file("big.bin", 50_000, false))) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    server.verify(2, getRequestedFor(urlEqualTo(url)));
  }

  @Test
  void aBodyCutShortEveryTimeFailsNamingThePath() {
    String url = stub.rawUrl(COMMIT_A, "pkg/big.bin");
    stub.stub(get(urlEqualTo(url)), aResponse().withStatus(200)
        .withHeader("Content-Length", "50000").withBody(bytes(20_000)));

    assertThatThrownBy(() -> {
      try (InputStream in = source.open(AT_A, "pkg", TreeEntry.file("big.bin", 50_000, false))) {
        in.readAllBytes();
      }
    }).isInstanceOf(SourceException.class)
        .hasMessageStartingWith("'pkg/big.bin' in acme/platform at 3f2a9c01b7de (ref main):"
            + " the download was cut short at 20000 of 50000 bytes after 4 attempts");
    server.verify(4, getRequestedFor(urlEqualTo(url)));
  }

  @Test
  void aBodyLongerThanListedFailsAtOnce() {
    String url = stub.rawUrl(COMMIT_A, "pkg/a.txt");
    stub.stub(get(urlEqualTo(url)), aResponse().withStatus(200).withBody("0123456789"));

    assertThatThrownBy(() -> {
      try (InputStream in = source.open(AT_A, "pkg", TreeEntry.file("a.txt", 4, false))) {
        in.readAllBytes();
      }
    }).isInstanceOf(SourceException.class)
        .hasMessage("'pkg/a.txt' in acme/platform at 3f2a9c01b7de (ref main): Bitbucket sent more"
            + " than the 4 bytes it listed");
    server.verify(1, getRequestedFor(urlEqualTo(url)));
  }

  @Test
  void aDeclaredLengthOtherThanListedFailsBeforeReading() {
    stub.rawFile(COMMIT_A, "pkg/a.txt", BitbucketApiStub.utf8("0123456789"));

    assertThatThrownBy(() -> source.open(AT_A, "pkg", TreeEntry.file("a.txt", 4, false)))
        .isInstanceOf(SourceException.class)
        .hasMessage("'pkg/a.txt' in acme/platform at 3f2a9c01b7de (ref main): Bitbucket sends 10"
            + " bytes but listed 4");
  }

  @Test
  void aBodyThatStallsIsFetchedAgain() throws Exception {
    byte[] content = bytes(4_000);
    String url = stub.rawUrl(COMMIT_A, "pkg/slow.bin");
    // 4 chunks over 6 s: 2 s of silence between chunks, the read timeout is 0.8 s.
    stub.stub(get(urlEqualTo(url)).inScenario("slow").whenScenarioStateIs(STARTED)
            .willSetStateTo("fast"),
        aResponse().withStatus(200).withBody(content).withChunkedDribbleDelay(4, 6_000));
    stub.stub(get(urlEqualTo(url)).inScenario("slow").whenScenarioStateIs("fast"),
        stub.raw(content, "pkg/slow.bin"));

    long started = System.nanoTime();
    try (InputStream in = source.open(AT_A, "pkg", TreeEntry.file("slow.bin", 4_000, false))) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    server.verify(2, getRequestedFor(urlEqualTo(url)));
  }

  @Test
  void lfsFilesFollowTheRedirectWithoutTheToken() throws Exception {
    byte[] model = bytes(3_000);
    listLfs("pkg/model.bin", model.length);
    stub.stub(get(urlEqualTo(stub.rawUrl(COMMIT_A, "pkg/model.bin"))),
        aResponse().withStatus(301)
            .withHeader("Location", media.baseUrl() + "/file/abc123?token=signed"));
    media.stubFor(get(urlEqualTo("/file/abc123?token=signed"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "3000")
            .withBody(model)));

    PackageTree tree = source.list(AT_A, "pkg");
    try (InputStream in = source.open(AT_A, "pkg", tree.entries().get(0))) {
      assertThat(in.readAllBytes()).isEqualTo(model);
    }
    assertThat(server.getAllServeEvents()).allSatisfy(e ->
        assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + TestSources.TOKEN));
    assertThat(media.getAllServeEvents()).singleElement().satisfies(e ->
        assertThat(e.getRequest().containsHeader("Authorization")).isFalse());
    assertThat(source.requestCount()).isEqualTo(3);
  }

  @Test
  void anLfsFileWhoseContentDoesNotMatchTheListingIsRefused() throws Exception {
    listLfs("pkg/model.bin", 131);
    stub.stub(get(urlEqualTo(stub.rawUrl(COMMIT_A, "pkg/model.bin"))),
        aResponse().withStatus(302).withHeader("Location", media.baseUrl() + "/file/abc"));
    media.stubFor(get(urlEqualTo("/file/abc")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Length", "3000").withBody(bytes(3000))));

    PackageTree tree = source.list(AT_A, "pkg");
    assertThatThrownBy(() -> source.open(AT_A, "pkg", tree.entries().get(0)))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("'pkg/model.bin' in acme/platform at 3f2a9c01b7de (ref main):"
            + " Bitbucket sends 3000 bytes but listed 131 — it is a Git LFS file");
  }

  @Test
  void noMoreRequestsInFlightThanTheConcurrencyAllows() throws Exception {
    BitbucketSource twoSlots = server.openSource(server.settings().withConcurrency(2));
    List<TreeEntry> entries = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String path = "pkg/f" + i + ".txt";
      stub.stub(get(urlEqualTo(stub.rawUrl(COMMIT_A, path))),
          stub.raw(BitbucketApiStub.utf8("file " + i), path).withFixedDelay(300));
      entries.add(TreeEntry.file("f" + i + ".txt", 6, false));
    }
    ExecutorService callers = Executors.newFixedThreadPool(6);
    try {
      long started = System.nanoTime();
      List<Future<byte[]>> results = new ArrayList<>();
      for (TreeEntry entry : entries) {
        results.add(callers.submit(() -> {
          try (InputStream in = twoSlots.open(AT_A, "pkg", entry)) {
            return in.readAllBytes();
          }
        }));
      }
      for (int i = 0; i < 6; i++) {
        assertThat(new String(results.get(i).get())).isEqualTo("file " + i);
      }
      // six 300 ms answers through two slots take three rounds
      assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(900);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aStreamClosedEarlyGivesItsSlotBack() throws Exception {
    BitbucketSource oneSlot = server.openSource(server.settings().withConcurrency(1));
    stub.rawFile(COMMIT_A, "pkg/a.txt", bytes(100_000));

    for (int i = 0; i < 3; i++) {
      try (InputStream in = oneSlot.open(AT_A, "pkg", TreeEntry.file("a.txt", 100_000, false))) {
        assertThat(in.read()).isEqualTo(0);
      }
    }
    server.verify(3, getRequestedFor(urlEqualTo(stub.rawUrl(COMMIT_A, "pkg/a.txt"))));
  }

  private void listLfs(String path, long size) {
    stub.stub(get(urlEqualTo(stub.folderUrl(COMMIT_A, "pkg"))),
        stub.json(200, stub.page(100, List.of(stub.fileValue(COMMIT_A, path,
            new RepoTree.Blob(new byte[(int) size], List.of("lfs")))), 1, null)));
  }

  static byte[] bytes(int size) {
    byte[] content = new byte[size];
    for (int i = 0; i < size; i++) {
      content[i] = (byte) (i * 31 + i / 251);
    }
    return content;
  }
}
