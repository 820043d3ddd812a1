package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.layerkit.source.bitbucket.TestSources.COMMIT_A;
import static io.layerkit.source.bitbucket.TestSources.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.source.BitbucketRepo;
import io.layerkit.source.Revision;
import io.layerkit.source.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the token is sent, and that it goes nowhere else: not to other hosts, not into text. */
class BitbucketCredentialsAgainstWireMockTest {
  @RegisterExtension
  static final BitbucketServer server = new BitbucketServer();

  @RegisterExtension
  static WireMockExtension elsewhere =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final Revision AT_A = new Revision(Optional.of("main"), COMMIT_A);

  final BitbucketApiStub stub = server.stub();

  @Test
  void anAccessTokenIsSentAsBearer() throws Exception {
    stub.branch("main", COMMIT_A);
    server.openSource().resolve(Optional.of("main"));
    assertThat(server.getAllServeEvents()).isNotEmpty().allSatisfy(e ->
        assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN));
  }

  @Test
  void anApiTokenWithAUsernameIsSentAsBasic() throws Exception {
    stub.branch("main", COMMIT_A);
    BitbucketSettings apiToken = BitbucketSettings.of(new BitbucketRepo("acme", "platform"),
        Optional.of(Secret.of(TOKEN)), Optional.of("ops@example.com"), "BITBUCKET_TOKEN")
        .withApiUrl(URI.create(server.baseUrl()));
    try (BitbucketSource source = new BitbucketSource(apiToken)) {
      source.resolve(Optional.of("main"));
    }
    String expected = "Basic " + Base64.getEncoder().encodeToString(
        ("ops@example.com:" + TOKEN).getBytes(StandardCharsets.UTF_8));
    assertThat(server.getAllServeEvents()).isNotEmpty().allSatisfy(e ->
        assertThat(e.getRequest().getHeader("Authorization")).isEqualTo(expected));
  }

  @Test
  void withoutATokenNoAuthorizationIsSent() throws Exception {
    stub.branch("main", COMMIT_A);
    BitbucketSettings anonymous = BitbucketSettings.of(new BitbucketRepo("acme", "platform"),
        Optional.empty(), Optional.empty(), "BITBUCKET_TOKEN")
        .withApiUrl(URI.create(server.baseUrl()));
    server.openSource(anonymous).resolve(Optional.of("main"));
    assertThat(server.getAllServeEvents()).isNotEmpty().allSatisfy(e ->
        assertThat(e.getRequest().containsHeader("Authorization")).isFalse());
  }

  @Test
  void aNextLinkToAnotherHostGetsNoToken() throws Exception {
    String foreign = elsewhere.baseUrl() + "/2.0/page2";
    stub.stub(get(urlEqualTo(stub.folderUrl(COMMIT_A, "pkg"))), stub.json(200,
        stub.page(100, List.of(stub.fileValue(COMMIT_A, "pkg/a.py",
            new RepoTree.Blob(new byte[1], List.of()))), 1, foreign)));
    elsewhere.stubFor(get(urlEqualTo("/2.0/page2")).willReturn(stub.json(200,
        stub.page(100, List.of(stub.fileValue(COMMIT_A, "pkg/b.py",
            new RepoTree.Blob(new byte[1], List.of()))), 2, null))));

    assertThat(server.openSource().list(AT_A, "pkg").entries()).hasSize(2);
    assertThat(elsewhere.getAllServeEvents()).isNotEmpty().allSatisfy(e ->
        assertThat(e.getRequest().containsHeader("Authorization")).isFalse());
  }

  @Test
  void theTokenNeverAppearsInMessagesOrDescriptions() throws Exception {
    // a server (or proxy) that echoes the credentials back in its error
    stub.stub(get(urlEqualTo(stub.folderUrl(COMMIT_A, "pkg"))),
        stub.error(401, "Bad credentials: Bearer " + TOKEN));
    stub.stub(get(urlEqualTo(stub.folderUrl(COMMIT_A, "other"))),
        aResponse().withStatus(500).withBody("upstream said " + TOKEN));

    BitbucketSettings settings = server.settings();
    BitbucketSource source = server.openSource(settings);
    assertThatThrownBy(() -> source.list(AT_A, "pkg"))
        .hasMessageContaining("Bearer ****")
        .hasMessageNotContaining(TOKEN);
    assertThatThrownBy(() -> source.list(AT_A, "other"))
        .hasMessageContaining("upstream said ****")
        .hasMessageNotContaining(TOKEN);
    assertThat(source.toString()).doesNotContain(TOKEN);
    assertThat(settings.toString()).doesNotContain(TOKEN);
    assertThat(source.describe()).isEqualTo("bitbucket://acme/platform");
  }
}
