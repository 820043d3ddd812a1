package io.layerkit.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.config.ConfigException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Which failures to read the token are the configuration's fault (exit 2, ConfigurationError)
 * and which are the moment's (exit 1, JobFailed: run again). Parameter Store's answers come from
 * WireMock in the JSON 1.1 shapes its API reference gives; moto never throttles or fails.
 */
class SsmSecretReaderWireTest {
  @RegisterExtension
  static final WireMockExtension SSM = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final String PARAMETER = "/ci/bitbucket-token";

  private static SsmClient client(String endpoint) {
    // one attempt: the SDK's retries are not what is tested here
    return SsmClient.builder().endpointOverride(URI.create(endpoint)).region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  private static void ssmAnswers(int status, String type, String message) {
    SSM.stubFor(post(urlPathEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
        .willReturn(aResponse().withStatus(status)
            .withHeader("Content-Type", "application/x-amz-json-1.1")
            .withHeader("x-amzn-RequestId", "5e0a4c6e-0f0c-4d4f-9d2a-3c1e0b7a9f21")
            .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}")));
  }

  @ParameterizedTest
  @CsvSource({
      "400, ThrottlingException, Rate exceeded",
      "500, InternalServerError, An internal error occurred",
      "503, ServiceUnavailable, Service is unavailable"})
  void aTransientAnswerIsARunFailureToRetryNotAConfigurationError(int status, String type,
      String message) {
    ssmAnswers(status, type, message);
    try (SsmClient ssm = client(SSM.baseUrl())) {
      assertThatThrownBy(() -> new SsmSecretReader(ssm).read(PARAMETER))
          .isInstanceOf(SecretUnavailableException.class)
          .isNotInstanceOf(ConfigException.class)
          .hasMessageStartingWith("cannot read token parameter " + PARAMETER + " now")
          .hasMessageContaining(type)
          .hasMessageEndingWith("run again");
    }
  }

  @Test
  void anUnreachableSsmIsARunFailureToRetry() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (SsmClient ssm = client("http://127.0.0.1:" + closedPort)) {
      assertThatThrownBy(() -> new SsmSecretReader(ssm).read(PARAMETER))
          .isInstanceOf(SecretUnavailableException.class)
          .hasMessageStartingWith("cannot reach SSM to read token parameter " + PARAMETER)
          .hasMessageEndingWith("check the network or --endpoint-url, then run again");
    }
  }

  @ParameterizedTest
  @CsvSource({
      "400, AccessDeniedException, User: arn:aws:sts::123456789012:assumed-role/ci/x is not"
          + " authorized to perform: ssm:GetParameter",
      "400, InvalidKeyId, The key is disabled or pending deletion"})
  void aRefusalIsAConfigurationErrorNamingThePermissions(int status, String type,
      String message) {
    ssmAnswers(status, type, message);
    try (SsmClient ssm = client(SSM.baseUrl())) {
      assertThatThrownBy(() -> new SsmSecretReader(ssm).read(PARAMETER))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(type)
          .hasMessageEndingWith("check ssm:GetParameter on it and kms:Decrypt on its key");
    }
  }
}
