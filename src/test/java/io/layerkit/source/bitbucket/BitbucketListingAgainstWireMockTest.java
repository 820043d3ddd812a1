package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.layerkit.source.bitbucket.TestSources.COMMIT_A;
import static io.layerkit.source.bitbucket.TestSources.COMMIT_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.layerkit.source.Revision;
import io.layerkit.source.SourceException;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import io.layerkit.tree.UnsafePathException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Listing a package folder through the {@code src} endpoint, against WireMock. */
class BitbucketListingAgainstWireMockTest {
  @RegisterExtension
  static final BitbucketServer server = new BitbucketServer();

  static final String FOLDER = "lambda/layers/requests";
  static final Revision AT_A = new Revision(Optional.of("main"), COMMIT_A);

  final BitbucketApiStub stub = server.stub();
  final BitbucketSource source = server.openSource();

  static RepoTree layerTree() {
    return new RepoTree()
        .file(FOLDER + "/python/requests/__init__.py", "from .api import get\n")
        .file(FOLDER + "/python/requests/api.py", "def get(url):\n    return url\n")
        .file(FOLDER + "/python/requests/adapters.py", "class HTTPAdapter: pass\n")
        .file(FOLDER + "/python/requests/models.py", "class Response: pass\n")
        .file(FOLDER + "/python/requests/sessions.py", "class Session: pass\n")
        .file(FOLDER + "/python/requests/empty.py", "")
        .file(FOLDER + "/python/requests/packages/urllib3/__init__.py", "# vendored\n")
        .file(FOLDER + "/python/requests/packages/urllib3/util/retry.py", "RETRIES = 3\n")
        .executable(FOLDER + "/bin/tool", "#!/bin/sh\necho tool\n")
        .symlink(FOLDER + "/bin/tool-link", "tool")
        .file(FOLDER + "/python/odd names/a file #1 ?&+%.txt", "odd\n")
        .file(FOLDER + "/python/odd names/100% sure+more.txt", "percent\n")
        .file(FOLDER + "/python/\u00fcn\u00efc\u00f6d\u00e9/\u65e5\u672c.py", "x = '\u65e5\u672c'\n")
        .file("lambda/layers/other/outside.py", "not in the package\n")
        .file("README.md", "# repo\n");
  }

  static List<TreeEntry> layerEntries() {
    return List.of(
        TreeEntry.file("python/requests/__init__.py", 21, false),
        TreeEntry.file("python/requests/api.py", 29, false),
        TreeEntry.file("python/requests/adapters.py", 24, false),
        TreeEntry.file("python/requests/models.py", 21, false),
        TreeEntry.file("python/requests/sessions.py", 20, false),
        TreeEntry.file("python/requests/empty.py", 0, false),
        TreeEntry.file("python/requests/packages/urllib3/__init__.py", 11, false),
        TreeEntry.file("python/requests/packages/urllib3/util/retry.py", 12, false),
        TreeEntry.file("bin/tool", 20, true),
        TreeEntry.symlink("bin/tool-link", 4),
        TreeEntry.file("python/odd names/a file #1 ?&+%.txt", 4, false),
        TreeEntry.file("python/odd names/100% sure+more.txt", 8, false),
        TreeEntry.file("python/\u00fcn\u00efc\u00f6d\u00e9/\u65e5\u672c.py", 13, false));
  }

  /** A source that lists one folder per listing, without {@code max_depth}. */
  final BitbucketSource plain = server.openSource(server.settings().withListingDepth(1));

  @Test
  void listsNestedFoldersAcrossSeveralPagesEachWithPinnedCommitAndPagelen100() throws Exception {
    stub.tree(COMMIT_A, layerTree(), 3);

    PackageTree tree = plain.list(AT_A, FOLDER);

    assertThat(tree).isEqualTo(PackageTree.of(FOLDER, layerEntries()));
    List<ServeEvent> served = server.getAllServeEvents();
    assertThat(server.findAllUnmatchedRequests()).isEmpty();
    assertThat(served).allSatisfy(event -> {
      assertThat(event.getRequest().getUrl()).contains("/src/" + COMMIT_A + "/");
      assertThat(event.getRequest().getUrl()).contains("pagelen=100");
    });
    // python/requests has 7 children: pages of 3 -> three requests, the last two by `next` token
    assertThat(served).filteredOn(e -> e.getRequest().getUrl().startsWith(
            stub.srcUrl(COMMIT_A, "lambda/layers/requests/python/requests/?")))
        .hasSize(3)
        .anySatisfy(e -> assertThat(e.getRequest().getUrl()).contains("&page="));
    assertThat(plain.requestCount()).isEqualTo(served.size());
  }

  @Test
  void listsTheSameTreeInOneListingWithMaxDepth() throws Exception {
    stub.tree(COMMIT_A, layerTree(), 3);

    PackageTree tree = source.list(AT_A, FOLDER);

    assertThat(tree).isEqualTo(PackageTree.of(FOLDER, layerEntries()));
    assertThat(server.findAllUnmatchedRequests()).isEmpty();
    // 21 entries (13 files, 8 folders) in pages of 3, all from one listing of the package folder
    assertThat(server.getAllServeEvents()).hasSize(7).allSatisfy(event ->
        assertThat(event.getRequest().getUrl()).startsWith(stub.folderUrl(COMMIT_A, FOLDER)));
    assertThat(source.estimateRequests(AT_A, tree)).contains(
        new io.layerkit.source.RequestEstimate(7, 13, "the listing"));
  }

  @Test
  void percentEncodesOddNamesInListingUrls() throws Exception {
    stub.tree(COMMIT_A, layerTree(), 100);

    plain.list(AT_A, FOLDER);

    assertThat(server.getAllServeEvents()).extracting(e -> e.getRequest().getUrl())
        .contains(
            stub.srcUrl(COMMIT_A, "lambda/layers/requests/python/odd%20names/?pagelen=100"),
            stub.srcUrl(COMMIT_A,
                "lambda/layers/requests/python/%C3%BCn%C3%AFc%C3%B6d%C3%A9/?pagelen=100"));
    assertThat(server.findAllUnmatchedRequests()).isEmpty();
  }

  @Test
  void listsTheRepositoryRoot() throws Exception {
    RepoTree tree = new RepoTree().file("a.txt", "a").executable("bin/run", "#!/bin/sh\n");
    stub.tree(COMMIT_A, tree, 100);

    assertThat(source.list(AT_A, "").entries()).containsExactly(
        TreeEntry.file("a.txt", 1, false),
        TreeEntry.directory("bin"),
        TreeEntry.file("bin/run", 10, true));
  }

  @Test
  void refusesAPathOutsideTheFolder() {
    listingOf("pkg", stub.fileValue(COMMIT_A, "other/evil.py", blob("x")));

    assertThatThrownBy(() -> source.list(AT_A, "pkg"))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("other/evil.py")
        .hasMessageContaining("outside the package folder 'pkg'");
  }

  @Test
  void refusesDotDotBackslashAndControlCharacters() {
    for (String bad : List.of("pkg/../../etc/passwd", "pkg/a\\b.py", "pkg/bell\u0007.py")) {
      server.resetAll();
      listingOf("pkg", stub.fileValue(COMMIT_A, bad, blob("x")));

      assertThatThrownBy(() -> source.list(AT_A, "pkg"))
          .as(bad)
          .isInstanceOf(UnsafePathException.class)
          .hasMessageContaining("unsafe path 'pkg/");
    }
  }

  @Test
  void refusesAnEntryThatIsNotInTheFolderBeingListed() {
    stub.stub(get(urlEqualTo(stub.folderUrl(COMMIT_A, "pkg", 1))), stub.json(200, stub.page(100,
        List.of(stub.fileValue(COMMIT_A, "pkg/sub/deeper.py", blob("x"))), 1, null)));

    assertThatThrownBy(() -> plain.list(AT_A, "pkg"))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("pkg/sub/deeper.py")
        .hasMessageContaining("listed in 'pkg'");
  }

  @Test
  void refusesSubmodulesWithAClearMessage() {
    listingOf("pkg", stub.fileValue(COMMIT_A, "pkg/vendor",
        new RepoTree.Blob(BitbucketApiStub.utf8("0123456789abcdef0123456789abcdef01234567"),
            List.of("subrepository"))));

    assertThatThrownBy(() -> source.list(AT_A, "pkg"))
        .isInstanceOf(SourceException.class)
        .hasMessage("'pkg/vendor' in acme/platform at 3f2a9c01b7de (ref main) is a Git submodule;"
            + " submodules are not supported in layers: vendor the files or remove the submodule");
  }

  @Test
  void refusesAListingAtAnotherCommit() {
    var value = stub.fileValue(COMMIT_A, "pkg/a.py", blob("x"));
    value.set("commit", stub.commitObject(COMMIT_B));
    listingOf("pkg", value);

    assertThatThrownBy(() -> source.list(AT_A, "pkg"))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("at commit " + COMMIT_B + " while " + COMMIT_A + " was asked for");
  }

  @Test
  void listsLfsFilesAsFilesOfTheirListedSize() throws Exception {
    listingOf("pkg", stub.fileValue(COMMIT_A, "pkg/model.bin",
        new RepoTree.Blob(new byte[2048], List.of("lfs", "binary"))));

    assertThat(source.list(AT_A, "pkg").entries())
        .containsExactly(TreeEntry.file("model.bin", 2048, false));
  }

  @Test
  void missingFolderIsOneLineNamingRepositoryCommitAndPath() {
    stub.notFound(stub.folderUrl(COMMIT_A, "pkg/missing"),
        "No such file or directory: pkg/missing");

    assertThatThrownBy(() -> source.list(AT_A, "pkg/missing"))
        .isInstanceOf(SourceException.class)
        .hasMessage("no folder 'pkg/missing' in acme/platform at 3f2a9c01b7de (ref main):"
            + " check the package path");
    assertThat(server.getAllServeEvents()).hasSize(1);
  }

  @Test
  void aFileGivenAsTheFolderIsToldApart() {
    stub.stub(get(urlEqualTo(stub.folderUrl(COMMIT_A, "pkg/setup.py"))),
        aResponse().withStatus(200).withHeader("Content-Type", "text/x-python")
            .withBody("print('hi')\n"));

    assertThatThrownBy(() -> source.list(AT_A, "pkg/setup.py"))
        .isInstanceOf(SourceException.class)
        .hasMessage("'pkg/setup.py' in acme/platform at 3f2a9c01b7de (ref main) is a file,"
            + " not a folder");
  }

  @Test
  void aPaginationLinkBackToAPageAlreadyReadEndsTheListing() {
    String first = stub.folderUrl(COMMIT_A, "pkg");
    stub.stub(get(urlEqualTo(first)), stub.json(200, stub.page(100,
        List.of(stub.fileValue(COMMIT_A, "pkg/a.py", blob("x"))), 1, server.baseUrl() + first)));

    assertThatThrownBy(() -> source.list(AT_A, "pkg"))
        .isInstanceOf(SourceException.class)
        .hasMessage("Bitbucket's listing of 'pkg' in acme/platform at 3f2a9c01b7de (ref main)"
            + " links back to a page already read; giving up");
    assertThat(server.getAllServeEvents()).hasSize(1);
  }

  private void listingOf(String dir, com.fasterxml.jackson.databind.node.ObjectNode... values) {
    stub.stub(get(urlEqualTo(stub.folderUrl(COMMIT_A, dir))),
        stub.json(200, stub.page(100, List.of(values), 1, null)));
  }

  private static RepoTree.Blob blob(String content) {
    return new RepoTree.Blob(BitbucketApiStub.utf8(content), List.of());
  }
}
