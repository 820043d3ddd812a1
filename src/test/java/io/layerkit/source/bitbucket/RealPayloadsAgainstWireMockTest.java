package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerkit.source.Revision;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real payloads in {@code resources/bitbucket/} are read correctly, and the stub the other
 * tests use answers with the same fields.
 */
class RealPayloadsAgainstWireMockTest {
  @RegisterExtension
  static final BitbucketServer server = new BitbucketServer();

  static final String BBQL_COMMIT = "eefd5ef5d3df01aed629f650959d6706d54cd335";

  @Test
  void theOfficialListingExampleIsReadAsIs() throws Exception {
    BitbucketApiStub stub = server.stub();
    stub.stub(get(urlEqualTo(stub.folderUrl(BBQL_COMMIT, "tests", 1))), aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(resource("src-directory-listing.json")));
    stub.stub(get(urlEqualTo(stub.folderUrl(BBQL_COMMIT, "tests/test_project", 1))),
        stub.json(200, stub.page(10, List.of(stub.fileValue(BBQL_COMMIT,
            "tests/test_project/conftest.py", new RepoTree.Blob(new byte[3], List.of()))), 1, null)));

    BitbucketSource plain = server.openSource(server.settings().withListingDepth(1));
    assertThat(plain.list(new Revision(Optional.empty(), BBQL_COMMIT), "tests").entries())
        .containsExactly(
            TreeEntry.file("__init__.py", 0, false),
            TreeEntry.directory("test_project"),
            TreeEntry.file("test_project/conftest.py", 3, false));
  }

  @Test
  void theOfficialListingAsADeepAnswerHasTheFolderWhoseContentsDidNotComeBackListedAgain()
      throws Exception {
    BitbucketApiStub stub = server.stub();
    stub.stub(get(urlEqualTo(stub.folderUrl(BBQL_COMMIT, "tests"))), aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(resource("src-directory-listing.json")));
    stub.stub(get(urlEqualTo(stub.folderUrl(BBQL_COMMIT, "tests/test_project"))),
        stub.json(200, stub.page(10, List.of(stub.fileValue(BBQL_COMMIT,
            "tests/test_project/conftest.py", new RepoTree.Blob(new byte[3], List.of()))), 1, null)));

    assertThat(server.openSource().list(new Revision(Optional.empty(), BBQL_COMMIT), "tests")
        .entries()).containsExactly(
            TreeEntry.file("__init__.py", 0, false),
            TreeEntry.directory("test_project"),
            TreeEntry.file("test_project/conftest.py", 3, false));
  }

  @Test
  void theOfficialBranchExampleResolvesToItsTarget() throws Exception {
    BitbucketApiStub stub = server.stub();
    stub.stub(get(urlEqualTo(stub.repoPath() + "/refs/branches/master")), aResponse()
        .withStatus(200).withHeader("Content-Type", "application/json")
        .withBody(resource("refs-branch.json")));
    stub.stub(get(urlEqualTo(stub.repoPath())), aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(resource("repository.json")));

    assertThat(server.openSource().resolve(Optional.empty()).commit())
        .isEqualTo("e7d158ff7ed5538c28f94cd97a9ad569680fc94e");
  }

  @Test
  void theStubAnswersWithTheFieldsOfTheRealPayloads() throws IOException {
    BitbucketApiStub stub = new BitbucketApiStub(null, "https://api.bitbucket.org", "atlassian",
        "bbql");
    JsonNode listing = json("src-directory-listing.json");
    JsonNode directory = listing.get("values").get(0);
    JsonNode file = listing.get("values").get(1);
    JsonNode thirdPartyFile = json("src-file-entry-thirdparty.json");

    JsonNode stubDirectory = stub.directoryValue(BBQL_COMMIT, "tests/test_project");
    JsonNode stubFile = stub.fileValue(BBQL_COMMIT, "tests/__init__.py",
        new RepoTree.Blob(new byte[0], List.of()));

    assertThat(fields(stubDirectory)).isEqualTo(fields(directory));
    assertThat(fields(stubDirectory.get("links"))).isEqualTo(fields(directory.get("links")));
    assertThat(fields(stubDirectory.get("commit"))).isEqualTo(fields(directory.get("commit")));
    assertThat(fields(stubDirectory.get("commit").get("links")))
        .isEqualTo(fields(directory.get("commit").get("links")));
    Set<String> realFileFields = fields(file);
    realFileFields.addAll(fields(thirdPartyFile));
    assertThat(fields(stubFile)).isEqualTo(realFileFields);
    // the seed function's sample item also carries links.history
    assertThat(fields(stubFile.get("links"))).containsExactlyInAnyOrder("self", "meta", "history");
    assertThat(stubDirectory.get("links").get("self").asText())
        .isEqualTo(directory.get("links").get("self").asText());
    assertThat(stubFile.get("links").get("self").asText())
        .isEqualTo(file.get("links").get("self").asText());

    // `size` of a page is left out on purpose: it is optional and unreliable in real answers
    assertThat(fields(stub.page(10, List.of(), 1, "https://next"))).containsExactlyInAnyOrder(
        "pagelen", "values", "page", "next");

    JsonNode branch = json("refs-branch.json");
    JsonNode stubBranch = stub.refObject("branch", "master", BBQL_COMMIT);
    assertThat(fields(stubBranch)).isEqualTo(fields(branch));
    assertThat(fields(branch.get("target"))).containsAll(fields(stubBranch.get("target")));
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> names = new HashSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  static JsonNode json(String name) throws IOException {
    return BitbucketApiStub.JSON.readTree(resource(name));
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = RealPayloadsAgainstWireMockTest.class.getResourceAsStream(
        "/bitbucket/" + name)) {
      return in.readAllBytes();
    }
  }
}
