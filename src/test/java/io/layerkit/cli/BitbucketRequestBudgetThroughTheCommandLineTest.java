package io.layerkit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.source.bitbucket.BitbucketApiStub;
import io.layerkit.source.bitbucket.RepoTree;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bitbucket's hourly budget as the command line shows and keeps it: {@code plan} names each
 * package's request cost, {@code --json} carries the budget the X-RateLimit-* headers gave, and a
 * package whose previous release says it cannot fit in what is left is refused before a single
 * request is spent on its folder.
 */
class BitbucketRequestBudgetThroughTheCommandLineTest {
  @RegisterExtension static final WireMockExtension BITBUCKET = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIRST = "e7d158ff7ed5538c28f94cd97a9ad569680fc94e";
  private static final String SECOND = "9a1c0b7e55c2d4f8a3b6e1d0c9f8a7b6e5d4c3b2";

  @TempDir Path dir;

  private static RepoTree tree(String version) {
    return new RepoTree()
        .file("layers/requests/python/requests/__init__.py", "from .api import get\n")
        .file("layers/requests/python/requests/api.py", "def get(url): return url\n")
        .file("layers/requests/python/requests/version.py", "VERSION = '" + version + "'\n")
        .executable("layers/requests/bin/req", "#!/bin/sh\necho req\n");
  }

  private BitbucketApiStub api() {
    return new BitbucketApiStub(BITBUCKET.getRuntimeInfo().getWireMock(), BITBUCKET.baseUrl(),
        "acme", "platform");
  }

  private CliRun run(String command) {
    return CliRun.of(command, "--json",
        "--source", "bitbucket://acme/platform", "--api-url", BITBUCKET.baseUrl(),
        "--store", "file:" + dir.resolve("store"), "--registry",
        "file:" + dir.resolve("releases.json"), "layers/requests");
  }

  @Test
  void planShowsEachPackagesRequestCostAndTheBudgetTheHeadersGave() throws Exception {
    BitbucketApiStub api = api().withRateLimitHeaders(1000, false);
    api.repository("main");
    api.branch("main", FIRST);
    api.tree(FIRST, tree("1"), 100);

    CliRun plan = run("plan");

    assertThat(plan.exitCode()).as(plan.err()).isZero();
    JsonNode report = JSON.readTree(plan.out());
    JsonNode estimate = report.get("packages").get(0).get("requestEstimate");
    assertThat(estimate.get("files").asLong()).isEqualTo(4);
    assertThat(estimate.get("listing").asLong()).isEqualTo(1);
    assertThat(estimate.get("total").asLong()).isEqualTo(5);
    assertThat(estimate.get("basis").asText()).isEqualTo("the listing");
    JsonNode budget = report.get("requestBudget");
    assertThat(budget.get("hourlyLimit").asLong()).isEqualTo(1000);
    assertThat(budget.get("resource").asText()).isEqualTo("api");
    assertThat(budget.get("nearLimit").asBoolean()).isFalse();
    long sent = BITBUCKET.getAllServeEvents().size();
    assertThat(budget.get("sentLastHour").asLong()).isEqualTo(sent);
    assertThat(budget.get("remainingAtMost").asLong()).isEqualTo(1000 - sent);

    CliRun text = CliRun.of("plan",
        "--source", "bitbucket://acme/platform", "--api-url", BITBUCKET.baseUrl(),
        "--store", "file:" + dir.resolve("store"), "--registry",
        "file:" + dir.resolve("releases.json"), "layers/requests");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out() + text.err())
        .contains("[publishing costs about 5 requests: 1 to list, 4 files]")
        .containsPattern("request budget: at most \\d+ of 1000 requests left this hour \\(api; ");
  }

  @Test
  void aPackageThatCannotFitIsRefusedBeforeItsFolderIsListed() throws Exception {
    BitbucketApiStub unlimited = api();
    unlimited.repository("main");
    unlimited.branch("main", FIRST);
    unlimited.tree(FIRST, tree("1"), 100);
    CliRun first = run("publish");
    assertThat(first.exitCode()).as(first.err()).isZero();

    // a new commit, and a token whose hour allows three requests: resolving the branch spends one
    BitbucketApiStub limited = api().withRateLimitHeaders(3, false);
    limited.repository("main");
    limited.branch("main", SECOND);
    limited.tree(SECOND, tree("2"), 100);
    BITBUCKET.resetRequests();

    CliRun second = run("publish");

    assertThat(second.exitCode()).isEqualTo(1);
    JsonNode report = JSON.readTree(second.out());
    JsonNode pkg = report.get("packages").get(0);
    assertThat(pkg.get("status").asText()).isEqualTo("failed");
    assertThat(pkg.get("error").asText())
        .contains("'layers/requests' needs about")
        .contains("the previous release's 4 files")
        .contains("--transport git");
    assertThat(report.get("requestBudget").get("hourlyLimit").asLong()).isEqualTo(3);
    BITBUCKET.verify(0, getRequestedFor(urlMatching(".*/src/.*")));
    // the previous release stays current
    CliRun releases = CliRun.of("releases", "--json", "--registry",
        "file:" + dir.resolve("releases.json"), "requests");
    assertThat(releases.out()).contains(FIRST).doesNotContain(SECOND);
  }
}
