package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.layerkit.source.bitbucket.TestSources.COMMIT_A;
import static io.layerkit.source.bitbucket.TestSources.COMMIT_B;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.source.Freshness;
import io.layerkit.source.PreviousBuild;
import io.layerkit.source.Revision;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whether a folder changed since the previous release, asked of the diffstat endpoint. */
class BitbucketFreshnessAgainstWireMockTest {
  @RegisterExtension
  static final BitbucketServer server = new BitbucketServer();

  static final String FOLDER = "lambda/layers/requests";
  static final Revision AT_B = new Revision(Optional.of("main"), COMMIT_B);

  final BitbucketApiStub stub = server.stub();
  final BitbucketSource source = server.openSource();
  // Bitbucket's spec is SOURCE..DESTINATION (new..old); topic=false: a plain two-dot diff;
  // ignore_whitespace=false: a whitespace-only change (Python indentation) is a change
  final String diffUrl = stub.repoPath() + "/diffstat/" + COMMIT_B + ".." + COMMIT_A
      + "?topic=false&ignore_whitespace=false";

  PreviousBuild previous(String commit) {
    return new PreviousBuild("bitbucket://acme/platform", FOLDER, Optional.of(commit),
        Optional.empty());
  }

  @Test
  void theSameCommitIsSameWithoutARequest() {
    Freshness verdict = source.freshness(AT_B, FOLDER, previous(COMMIT_B));

    assertThat(verdict).isEqualTo(Freshness.same("same commit 9e8d7c6"));
    assertThat(server.getAllServeEvents()).isEmpty();
    assertThat(source.requestCount()).isZero();
  }

  @Test
  void anotherSourceOrFolderIsUnknownWithoutARequest() {
    assertThat(source.freshness(AT_B, FOLDER, new PreviousBuild("dir:/work/repo", FOLDER,
        Optional.of(COMMIT_A), Optional.empty())).verdict()).isEqualTo(Freshness.Verdict.UNKNOWN);
    assertThat(source.freshness(AT_B, FOLDER, new PreviousBuild("bitbucket://acme/platform",
        "lambda/layers/other", Optional.of(COMMIT_A), Optional.empty())).verdict())
        .isEqualTo(Freshness.Verdict.UNKNOWN);
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void changesOnlyOutsideTheFolderOnEveryPageAreSame() {
    diffPages(
        List.of(change("modified", "README.md", "README.md"),
            change("added", null, "lambda/layers/requests-extra/x.py")),
        List.of(change("removed", "lambda/layers/other/y.py", null)));

    Freshness verdict = source.freshness(AT_B, FOLDER, previous(COMMIT_A));

    assertThat(verdict).isEqualTo(Freshness.same(
        "no change under 'lambda/layers/requests' between 3f2a9c0 and 9e8d7c6"));
    assertThat(server.getAllServeEvents()).hasSize(2);
    assertThat(server.findAllUnmatchedRequests()).isEmpty();
  }

  @Test
  void aChangeUnderTheFolderOnALaterPageIsChanged() {
    diffPages(List.of(change("modified", "README.md", "README.md")),
        List.of(change("modified", FOLDER + "/python/api.py", FOLDER + "/python/api.py")));

    Freshness verdict = source.freshness(AT_B, FOLDER, previous(COMMIT_A));

    assertThat(verdict).isEqualTo(Freshness.changed(
        "'lambda/layers/requests/python/api.py' changed between 3f2a9c0 and 9e8d7c6"));
  }

  @Test
  void aFileRenamedOutOfTheFolderIsChanged() {
    diffPages(List.of(change("renamed", FOLDER + "/bin/tool", "tools/tool")));

    assertThat(source.freshness(AT_B, FOLDER, previous(COMMIT_A)).verdict())
        .isEqualTo(Freshness.Verdict.CHANGED);
  }

  @Test
  void aChangeThatNamesNoPathIsUnknownNeverSame() {
    // `old` and `new` are both optional in the diffstat schema; a change Bitbucket reports without
    // saying where could be under the folder
    diffPages(List.of(change("modified", "README.md", "README.md"), change("modified", null, null)));

    Freshness verdict = source.freshness(AT_B, FOLDER, previous(COMMIT_A));

    assertThat(verdict.verdict()).isEqualTo(Freshness.Verdict.UNKNOWN);
    assertThat(verdict.reason()).contains("names no path");
  }

  @Test
  void anApiErrorIsUnknownSoThePipelineFetches() {
    stub.stub(get(urlEqualTo(diffUrl)), stub.error(404, "Resource not found"));

    Freshness verdict = source.freshness(AT_B, FOLDER, previous(COMMIT_A));

    assertThat(verdict.verdict()).isEqualTo(Freshness.Verdict.UNKNOWN);
    assertThat(verdict.reason()).startsWith("Bitbucket could not compare 3f2a9c0 and 9e8d7c6");
  }

  @Test
  void aPreviousCommitThatIsNotAnIdIsUnknownWithoutARequest() {
    assertThat(source.freshness(AT_B, FOLDER, previous("main")).verdict())
        .isEqualTo(Freshness.Verdict.UNKNOWN);
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @SafeVarargs
  private void diffPages(List<ObjectNode>... pages) {
    String url = diffUrl;
    for (int i = 0; i < pages.length; i++) {
      String next = i + 1 < pages.length ? diffUrl + "&page=dF" + i : null;
      ObjectNode body =
          stub.page(500, pages[i], i + 1, next == null ? null : server.baseUrl() + next);
      stub.stub(get(urlEqualTo(url)), stub.json(200, body));
      url = next;
    }
  }

  /** A diffstat value shaped like the official example (see resources/bitbucket/diffstat.json). */
  private ObjectNode change(String status, String oldPath, String newPath) {
    ObjectNode value = BitbucketApiStub.JSON.createObjectNode();
    value.put("type", "diffstat");
    value.put("status", status);
    value.put("lines_removed", 1);
    value.put("lines_added", 2);
    if (oldPath != null) {
      value.set("old", side(oldPath, COMMIT_A));
    } else {
      value.putNull("old");
    }
    if (newPath != null) {
      value.set("new", side(newPath, COMMIT_B));
    } else {
      value.putNull("new");
    }
    return value;
  }

  private ObjectNode side(String path, String commit) {
    ObjectNode side = BitbucketApiStub.JSON.createObjectNode();
    side.put("path", path);
    side.put("escaped_path", path);
    side.put("type", "commit_file");
    side.putObject("links").putObject("self").put("href",
        server.baseUrl() + stub.srcUrl(commit, PathEncoding.path(path)));
    return side;
  }
}
