package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.layerkit.source.bitbucket.TestSources.COMMIT_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.layerkit.source.Revision;
import io.layerkit.source.SourceException;
import io.layerkit.tree.TreeEntry;
import java.io.InputStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What is retried (429, 5xx, resets, timeouts) and what is not (401, 403, 404), and how it ends. */
class BitbucketRetriesAgainstWireMockTest {
  @RegisterExtension
  static final BitbucketServer server = new BitbucketServer();

  static final Revision AT_A = new Revision(Optional.of("main"), COMMIT_A);

  final BitbucketApiStub stub = server.stub();
  final BitbucketSource source = server.openSource();
  final String folderUrl = stub.folderUrl(COMMIT_A, "pkg");

  @Test
  void rateLimitHonoursRetryAfterSeconds() throws Exception {
    answers(folderUrl, aResponse().withStatus(429).withHeader("Retry-After", "1")
        .withHeader("Content-Type", "text/plain")
        .withBody("Rate limit for this resource has been exceeded"), listing());

    long started = System.nanoTime();
    assertThat(source.list(AT_A, "pkg").entries()).hasSize(1);
    assertThat(millisSince(started)).isGreaterThanOrEqualTo(1_000);
    server.verify(2, getRequestedFor(urlEqualTo(folderUrl)));
  }

  @Test
  void parallelThrottledRequestsWaitAtLeastRetryAfterButNotInStep() throws Exception {
    RecordedWaits waits = new RecordedWaits();
    BitbucketSource recorded = server.openSource(server.settings(), waits);
    List<TreeEntry> files = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String path = "pkg/f" + i + ".txt";
      answers(stub.rawUrl(COMMIT_A, path),
          aResponse().withStatus(429).withHeader("Retry-After", "2"),
          stub.raw(BitbucketApiStub.utf8("file " + i), path));
      files.add(TreeEntry.file("f" + i + ".txt", ("file " + i).length(), false));
    }

    for (TreeEntry file : files) {
      try (InputStream in = recorded.open(AT_A, "pkg", file)) {
        assertThat(in.readAllBytes()).hasSize((int) file.size());
      }
    }

    assertThat(waits.all()).hasSize(12)
        .allSatisfy(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
    assertThat(waits.all().stream().distinct().count()).as("distinct waits").isGreaterThan(1);
  }

  @Test
  void oneFileCostsAtMostMaxAttemptsRequestsAcrossResumesAndRetries() throws Exception {
    String url = stub.rawUrl(COMMIT_A, "pkg/big.bin");
    byte[] content = new byte[10_000];
    // cut short after 4,000 bytes, then the server fails for good: the resume's retries and the
    // first download share one bound of four requests
    answers(url, aResponse().withStatus(200).withHeader("Content-Length", "10000")
            .withBody(java.util.Arrays.copyOf(content, 4_000)),
        stub.error(503, "Service Unavailable"));

    try (InputStream in = source.open(AT_A, "pkg", TreeEntry.file("big.bin", 10_000, false))) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("after 4 attempts");
    }
    server.verify(4, getRequestedFor(urlEqualTo(url)));
  }

  @Test
  void rateLimitHonoursRetryAfterAsAnHttpDate() throws Exception {
    String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
    answers(folderUrl, aResponse().withStatus(429).withHeader("Retry-After", inTwoSeconds),
        listing());

    long started = System.nanoTime();
    source.list(AT_A, "pkg");
    // HTTP dates have whole seconds: the wait is between one and two seconds
    assertThat(millisSince(started)).isGreaterThanOrEqualTo(1_000);
    server.verify(2, getRequestedFor(urlEqualTo(folderUrl)));
  }

  @Test
  void persistentRateLimitWithoutHeadersIsThrottlingAndSuggestsTheGitTransport() {
    stub.stub(get(urlEqualTo(folderUrl)), aResponse().withStatus(429)
        .withHeader("Content-Type", "text/plain")
        .withBody("Rate limit for this resource has been exceeded"));

    assertThatThrownBy(() -> source.list(AT_A, "pkg"))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("Bitbucket kept throttling requests (HTTP 429 for"
            + " acme/platform at 3f2a9c01b7de (ref main), folder 'pkg' after 4 attempts in ")
        .hasMessageEndingWith("; this source sent 4 requests): try again later or with a lower"
            + " --concurrency; --transport git needs one fetch instead of one request per file");
    server.verify(4, getRequestedFor(urlEqualTo(folderUrl)));
  }

  @Test
  void aRetryAfterLongerThanTheRetryBudgetFailsAtOnce() {
    stub.stub(get(urlEqualTo(folderUrl)),
        aResponse().withStatus(429).withHeader("Retry-After", "3600"));

    long started = System.nanoTime();
    assertThatThrownBy(() -> source.list(AT_A, "pkg"))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("Bitbucket kept throttling requests (HTTP 429 for")
        .hasMessageContaining("after 1 attempt in ")
        .hasMessageContaining(", Retry-After 3600 s;");
    assertThat(millisSince(started)).isLessThan(1_000);
    server.verify(1, getRequestedFor(urlEqualTo(folderUrl)));
  }

  @Test
  void serverErrorsAreRetriedUntilAnAnswerComes() throws Exception {
    answers(folderUrl, stub.error(500, "Internal Server Error"), aResponse().withStatus(503),
        listing());

    assertThat(source.list(AT_A, "pkg").entries()).hasSize(1);
    server.verify(3, getRequestedFor(urlEqualTo(folderUrl)));
    assertThat(source.requestCount()).isEqualTo(3);
  }

  @Test
  void bitbucketsOwn555IsRetriedForAOneLevelListing() throws Exception {
    BitbucketSource plain = server.openSource(server.settings().withListingDepth(1));
    String oneLevel = stub.folderUrl(COMMIT_A, "pkg", 1);
    answers(oneLevel, stub.error(555, "The request took too long"), listing());

    assertThat(plain.list(AT_A, "pkg").entries()).hasSize(1);
    server.verify(2, getRequestedFor(urlEqualTo(oneLevel)));
  }

  @Test
  void connectionResetsAreRetried() throws Exception {
    answers(folderUrl, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        aResponse().withFault(Fault.EMPTY_RESPONSE), listing());

    assertThat(source.list(AT_A, "pkg").entries()).hasSize(1);
    server.verify(3, getRequestedFor(urlEqualTo(folderUrl)));
  }

  @Test
  void aJsonBodyCutShortIsRetried() throws Exception {
    answers(folderUrl, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withHeader("Content-Length", "400").withBody("{\"pagelen\": 100, \"values\": ["),
        listing());

    assertThat(source.list(AT_A, "pkg").entries()).hasSize(1);
    server.verify(2, getRequestedFor(urlEqualTo(folderUrl)));
  }

  @Test
  void aTimedOutRequestIsRetried() throws Exception {
    answers(folderUrl, listing().withFixedDelay(2_500), listing());

    long started = System.nanoTime();
    assertThat(source.list(AT_A, "pkg").entries()).hasSize(1);
    assertThat(millisSince(started)).isBetween(1_400L, 2_400L);
    server.verify(2, getRequestedFor(urlEqualTo(folderUrl)));
  }

  @Test
  void aServerThatNeverAnswersInTimeEndsWithOneLine() {
    BitbucketSource impatient = server.openSource(server.settings()
        .withRetry(new RetrySettings(2, Duration.ofMillis(10), Duration.ofMillis(20),
            Duration.ofSeconds(10)))
        .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(500)));
    stub.stub(get(urlEqualTo(folderUrl)), listing().withFixedDelay(3_000));

    assertThatThrownBy(() -> impatient.list(AT_A, "pkg"))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("Bitbucket did not answer acme/platform at 3f2a9c01b7de"
            + " (ref main), folder 'pkg' after 2 attempts in ")
        .hasMessageEndingWith(": no answer within 0.5 s; check localhost is reachable and try"
            + " again later");
  }

  @Test
  void persistentServerErrorsEndWithOneLine() {
    stub.stub(get(urlEqualTo(folderUrl)), stub.error(502, "Bad Gateway"));

    assertThatThrownBy(() -> source.list(AT_A, "pkg"))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("Bitbucket did not answer acme/platform at 3f2a9c01b7de"
            + " (ref main), folder 'pkg' after 4 attempts in ")
        .hasMessageContaining(": HTTP 502 (\"Bad Gateway\");");
    server.verify(4, getRequestedFor(urlEqualTo(folderUrl)));
  }

  @Test
  void unauthorizedIsNotRetriedAndSaysWhichTokenToCheck() {
    stub.stub(get(urlEqualTo(folderUrl)),
        stub.error(401, "Token is invalid, expired, or not supported for this endpoint."));

    assertThatThrownBy(() -> source.list(AT_A, "pkg"))
        .isInstanceOf(SourceException.class)
        .hasMessage("Bitbucket answered 401 Unauthorized for acme/platform at 3f2a9c01b7de"
            + " (ref main), folder 'pkg' (\"Token is invalid, expired, or not supported for this"
            + " endpoint.\"): check the token in BITBUCKET_TOKEN is valid and not expired (access"
            + " token: sent as Bearer; API token: set BITBUCKET_USERNAME to your Atlassian account"
            + " email)");
    server.verify(1, getRequestedFor(urlEqualTo(folderUrl)));
  }

  @Test
  void forbiddenIsNotRetriedAndNamesTheScope() {
    stub.stub(get(urlEqualTo(folderUrl)), stub.error(403, "Access denied"));

    assertThatThrownBy(() -> source.list(AT_A, "pkg"))
        .isInstanceOf(SourceException.class)
        .hasMessage("Bitbucket answered 403 Forbidden for acme/platform at 3f2a9c01b7de (ref main),"
            + " folder 'pkg' (\"Access denied\"): the token in BITBUCKET_TOKEN lacks read access to"
            + " acme/platform (it needs the 'repository' / 'read:repository:bitbucket' scope)");
    server.verify(1, getRequestedFor(urlEqualTo(folderUrl)));
  }

  @Test
  void aFileDownloadIsRetriedBeforeItsFirstByte() throws Exception {
    String url = stub.rawUrl(COMMIT_A, "pkg/a.txt");
    answers(url, aResponse().withStatus(503), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        stub.raw(BitbucketApiStub.utf8("hello"), "pkg/a.txt"));

    try (InputStream in = source.open(AT_A, "pkg", TreeEntry.file("a.txt", 5, false))) {
      assertThat(new String(in.readAllBytes())).isEqualTo("hello");
    }
    server.verify(3, getRequestedFor(urlEqualTo(url)));
  }

  @Test
  void aMissingFileIsNotRetried() {
    String url = stub.rawUrl(COMMIT_A, "pkg/gone.txt");
    stub.notFound(url, "No such file or directory: pkg/gone.txt");

    assertThatThrownBy(() -> source.open(AT_A, "pkg", TreeEntry.file("gone.txt", 5, false)))
        .isInstanceOf(SourceException.class)
        .hasMessage("'pkg/gone.txt' was listed in acme/platform at 3f2a9c01b7de (ref main) but"
            + " downloading it answered 404 Not Found");
    server.verify(1, getRequestedFor(urlEqualTo(url)));
  }

  private ResponseDefinitionBuilder listing() {
    return stub.json(200, stub.page(100, java.util.List.of(stub.fileValue(COMMIT_A, "pkg/a.txt",
        new RepoTree.Blob(BitbucketApiStub.utf8("hello"), java.util.List.of()))), 1, null));
  }

  /** {@code url} answers with each response in turn, the last one from then on. */
  private void answers(String url, ResponseDefinitionBuilder... responses) {
    String state = STARTED;
    for (int i = 0; i < responses.length; i++) {
      String next = "answer-" + (i + 1);
      var request = get(urlEqualTo(url)).inScenario(url).whenScenarioStateIs(state);
      if (i + 1 < responses.length) {
        request = request.willSetStateTo(next);
      }
      stub.stub(request, responses[i]);
      state = next;
    }
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
