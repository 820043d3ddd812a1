package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.layerkit.source.bitbucket.TestSources.COMMIT_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.source.RequestBudget;
import io.layerkit.source.RequestBudgetException;
import io.layerkit.source.RequestEstimate;
import io.layerkit.source.Revision;
import io.layerkit.source.SourceException;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bitbucket's {@code X-RateLimit-*} headers: kept as the source's budget when present, nothing
 * assumed when absent; a package that cannot fit is refused before its files are fetched; a 429
 * is the hourly budget only when the headers say so.
 */
class BitbucketRateLimitHeadersAgainstWireMockTest {
  @RegisterExtension
  static final BitbucketServer server = new BitbucketServer();

  static final Revision AT_A = new Revision(Optional.of("main"), COMMIT_A);

  final BitbucketApiStub stub = server.stub();
  final BitbucketSource source = server.openSource();

  @Test
  void headersPresentBecomeTheBudgetWithThisSourcesRequestsTakenOff() throws Exception {
    stub.withRateLimitHeaders(1000, false).tree(COMMIT_A, files(3), 100);

    fetchAll(source.list(AT_A, "pkg"));

    RequestBudget budget = source.requestBudget().orElseThrow();
    long sent = server.getAllServeEvents().size();
    assertThat(budget.hourlyLimit()).isEqualTo(1000);
    assertThat(budget.resource()).isEqualTo("api");
    assertThat(budget.nearLimit()).isFalse();
    assertThat(budget.sentLastHour()).isEqualTo(sent);
    assertThat(budget.remainingAtMost()).isEqualTo(1000 - sent);
  }

  @Test
  void headersAbsentLeaveTheBudgetUnknownAndRefuseNothing() throws Exception {
    stub.tree(COMMIT_A, files(3), 100);

    PackageTree tree = source.list(AT_A, "pkg");
    fetchAll(tree);
    source.requireBudget("pkg", new RequestEstimate(10, 1_000_000, "a guess"));

    assertThat(source.requestBudget()).isEmpty();
    assertThat(source.estimateRequests(AT_A, tree)).contains(
        new RequestEstimate(1, 3, "the listing"));
  }

  @Test
  void nearTheLimitAPackageThatCannotFitIsRefusedBeforeAnyFileIsFetched() throws Exception {
    // near the limit of 100 at most 20 are left; the package has 30 files
    stub.withRateLimitHeaders(100, true).tree(COMMIT_A, files(30), 100);

    assertThatThrownBy(() -> source.list(AT_A, "pkg"))
        .isInstanceOf(RequestBudgetException.class)
        .hasMessage("'pkg' needs about 30 more Bitbucket API requests (one per file, from the"
            + " listing) but at most 20 are left this hour (X-RateLimit-Limit 100 an hour,"
            + " X-RateLimit-NearLimit true, this source sent 1 in the last hour); no file was"
            + " fetched: use --transport git (one fetch instead of one request per file), or wait"
            + " for the rolling hour to pass");
    server.verify(0, getRequestedFor(urlPathMatching(".*/pkg/f[0-9]+\\.txt")));
  }

  @Test
  void anEstimateFromThePreviousReleaseIsRefusedBeforeAnythingIsListed() throws Exception {
    stub.withRateLimitHeaders(1000, false).branch("main", COMMIT_A);
    Revision pinned = source.resolve(Optional.of("main"));

    RequestEstimate estimate = source.estimateRequests(pinned, "python/botocore",
        OptionalInt.of(2041)).orElseThrow();

    assertThat(estimate.files()).isEqualTo(2041);
    assertThat(estimate.total()).isGreaterThan(999);
    assertThatThrownBy(() -> source.requireBudget("python/botocore", estimate))
        .isInstanceOf(RequestBudgetException.class)
        .hasMessageStartingWith("'python/botocore' needs about " + estimate.total()
            + " more Bitbucket API requests (" + estimate.listing() + " to list, 2041 files, from"
            + " the previous release's 2041 files) but at most 999 are left this hour")
        .hasMessageContaining("use --transport git");
    assertThat(server.getAllServeEvents()).hasSize(1);
  }

  @Test
  void persistent429WithNearLimitIsTheHourlyBudget() {
    String folderUrl = stub.withRateLimitHeaders(1000, true).folderUrl(COMMIT_A, "pkg");
    stub.stub(get(urlEqualTo(folderUrl)), stub.served(aResponse().withStatus(429)
        .withHeader("Content-Type", "text/plain")
        .withBody("Rate limit for this resource has been exceeded")));

    assertThatThrownBy(() -> source.list(AT_A, "pkg"))
        .isInstanceOf(SourceException.class)
        .hasMessage("Bitbucket's hourly API request budget is exhausted (HTTP 429 for"
            + " acme/platform at 3f2a9c01b7de (ref main), folder 'pkg' after 4 attempts;"
            + " X-RateLimit-Limit 1000 an hour, X-RateLimit-NearLimit true, this source sent 4 in"
            + " the last hour): wait for the rolling hour to pass, or use --transport git (one"
            + " fetch instead of one request per file)");
  }

  @Test
  void persistent429WithHeadersFarFromTheLimitIsThrottlingNotTheHourlyBudget() {
    String folderUrl = stub.withRateLimitHeaders(1000, false).folderUrl(COMMIT_A, "pkg");
    stub.stub(get(urlEqualTo(folderUrl)), stub.served(aResponse().withStatus(429)));

    assertThatThrownBy(() -> source.list(AT_A, "pkg"))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("Bitbucket kept throttling requests (HTTP 429 for acme/platform")
        .hasMessageNotContaining("hourly");
  }

  private void fetchAll(PackageTree tree) throws Exception {
    for (TreeEntry entry : tree.entries()) {
      if (!entry.isDirectory()) {
        try (InputStream in = source.open(AT_A, "pkg", entry)) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      }
    }
  }

  private static RepoTree files(int count) {
    RepoTree tree = new RepoTree();
    for (int i = 0; i < count; i++) {
      tree.file("pkg/f" + i + ".txt", "file " + i + "\n");
    }
    return tree;
  }
}
