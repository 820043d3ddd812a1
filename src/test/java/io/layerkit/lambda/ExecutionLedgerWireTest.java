package io.layerkit.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What moto cannot do: fail a write. S3 (WireMock, with the error body S3 documents for
 * InternalError) accepts the claim and then refuses the release.
 */
class ExecutionLedgerWireTest {
  @RegisterExtension
  static final WireMockExtension S3 = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final String PIPELINE = "Custom-Control-Tower-CodePipeline";
  private static final String EXECUTION = "01234567-0123-0123-0123-012345678901";
  private static final String KEY_PATH =
      "/acme-layers/layers/.layerkit/executions/" + PIPELINE + "/" + EXECUTION + ".json";
  private static final String ETAG = "\"9b2cf535f27731c974343645a3985328\"";

  private S3Client s3;

  @BeforeEach
  void connect() {
    s3 = S3Client.builder().endpointOverride(URI.create(S3.baseUrl())).region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
  }

  @AfterEach
  void close() {
    s3.close();
  }

  @Test
  void aFailureWhileReleasingIsKeptBesideTheFailureThatCausedTheRelease() throws IOException {
    S3.stubFor(put(urlPathEqualTo(KEY_PATH)).withHeader("If-None-Match", equalTo("*"))
        .willReturn(aResponse().withStatus(200).withHeader("ETag", ETAG)));
    S3.stubFor(put(urlPathEqualTo(KEY_PATH)).withHeader("If-Match", equalTo(ETAG))
        .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/xml")
            .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError"
                + "</Code><Message>We encountered an internal error. Please try again.</Message>"
                + "<RequestId>4442587FB7D0A2F9</RequestId><HostId>h0st</HostId></Error>")));
    ExecutionLedger ledger = new ExecutionLedger(s3, "acme-layers", "layers/", new ObjectMapper(),
        Clock.fixed(Instant.parse("2026-11-23T22:35:00Z"), ZoneOffset.UTC));
    ExecutionLedger.Claim.Acquired claim = (ExecutionLedger.Claim.Acquired)
        ledger.claim(PIPELINE, EXECUTION, "req-1", Duration.ofMinutes(15));
    IOException original = new IOException("Bitbucket answered 503 for lambda/layers/requests");

    IOException thrown = ledger.releaseAfter(claim, PIPELINE, EXECUTION, "req-1", original);

    assertThat(thrown).isSameAs(original)
        .hasMessage("Bitbucket answered 503 for lambda/layers/requests");
    assertThat(thrown.getSuppressed()).hasSize(1);
    assertThat(thrown.getSuppressed()[0]).isInstanceOf(S3Exception.class)
        .hasMessageContaining("We encountered an internal error");
    S3.verify(putRequestedFor(urlPathEqualTo(KEY_PATH)).withHeader("If-Match", equalTo(ETAG)));
  }
}
