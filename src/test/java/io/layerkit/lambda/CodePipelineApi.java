package io.layerkit.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/**
 * The CodePipeline JSON 1.1 API on WireMock: every call is {@code POST /} with
 * {@code X-Amz-Target: CodePipeline_20150709.<Operation>}; answers carry
 * {@code application/x-amz-json-1.1}, errors a {@code __type} and a {@code message}, as the
 * service does. Records what the function sent. A WireMock server bound to loopback: register it
 * on a static field with {@code @RegisterExtension}.
 */
final class CodePipelineApi extends WireMockExtension {

  static final String TARGET_PREFIX = "CodePipeline_20150709.";
  private static final ObjectMapper JSON = new ObjectMapper();

  CodePipelineApi() {
    super(WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")));
  }

  /** Answers {@code operation} with 200 and {@code body}. */
  void answer(String operation, String body) {
    stubFor(post(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + operation))
        .willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/x-amz-json-1.1")
            .withHeader("x-amzn-RequestId", "5e1a3c1f-8a34-4a3a-9d4e-1b2c3d4e5f60")
            .withBody(body)));
  }

  /** Answers {@code operation} with a service error. */
  void fail(String operation, int status, String type, String message) {
    stubFor(post(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + operation))
        .willReturn(aResponse().withStatus(status)
            .withHeader("Content-Type", "application/x-amz-json-1.1")
            .withHeader("x-amzn-RequestId", "5e1a3c1f-8a34-4a3a-9d4e-1b2c3d4e5f60")
            .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}")));
  }

  /** The job result operations answer with an empty JSON object. */
  void acceptJobResults() {
    answer("PutJobSuccessResult", "{}");
    answer("PutJobFailureResult", "{}");
  }

  /** The bodies the function sent to {@code operation}, in order. */
  List<JsonNode> requests(String operation) {
    List<LoggedRequest> logged = findAll(postRequestedFor(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + operation)));
    return logged.stream().map(r -> {
      try {
        return JSON.readTree(r.getBodyAsString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).toList();
  }

  /** Everything the function sent to CodePipeline, as text, to search for leaks. */
  String allRequestText() {
    StringBuilder all = new StringBuilder();
    getAllServeEvents().forEach(e -> all.append(e.getRequest().getBodyAsString()));
    return all.toString();
  }

  URI endpoint() {
    return URI.create(baseUrl());
  }

  /** A real SDK client talking to this endpoint. */
  CodePipelineClient client() {
    return CodePipelineClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDTEST", "test-secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  static String fixture(String name) {
    try (InputStream in = CodePipelineApi.class.getResourceAsStream("/codepipeline/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
