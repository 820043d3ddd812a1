package io.layerkit.publish.signer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.publish.SignedLayer;
import io.layerkit.publish.SigningException;
import io.layerkit.publish.SigningRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * AWS Signer (moto has no signing jobs) on WireMock answering with the REST-JSON shapes of the
 * Signer API reference: GetSigningProfile, StartSigningJob, DescribeSigningJob, errors with their
 * type in {@code x-amzn-ErrorType}. The real SDK client (signer 2.40.2 on the 2.59.1 core) makes
 * the calls; a fake clock makes the waiting instant.
 */
class AwsSignerAgainstWireMockTest {
  @RegisterExtension
  static final WireMockExtension SIGNER = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final String PROFILE = "layerkit_prod";
  private static final String PROFILE_ARN =
      "arn:aws:signer:eu-west-1:123456789012:/signing-profiles/layerkit_prod";
  private static final String JOB = "2fd1a3c5-7b9e-4d0f-8a6c-1e2b3c4d5e6f";
  private static final String VERSION_ID = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY";
  private static final SigningRequest REQUEST = new SigningRequest("acme-layers",
      "layers/requests/requests-20261123223500.zip", VERSION_ID, "acme-layers",
      "layers/requests/signed/", PROFILE, Optional.empty(), "layerkit-c0a8f2d6-requests");

  private SignerClient client;
  private MovingClock clock;
  private final List<Duration> sleeps = new ArrayList<>();

  @BeforeEach
  void connect() {
    client = SignerClient.builder().endpointOverride(URI.create(SIGNER.baseUrl()))
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .httpClient(UrlConnectionHttpClient.create()).build();
    clock = new MovingClock();
  }

  @AfterEach
  void close() {
    client.close();
  }

  private AwsSignerLayerSigner signer(SigningWait wait) {
    return new AwsSignerLayerSigner(client, wait, clock, duration -> {
      sleeps.add(duration);
      clock.now = clock.now.plus(duration);
    });
  }

  @Test
  void startsAJobFromTheObjectVersionWaitsForItAndReturnsTheSignedObject() throws Exception {
    stubProfile("Active", "AWSLambda-SHA384-ECDSA");
    SIGNER.stubFor(post(urlPathEqualTo("/signing-jobs")).willReturn(json(200, """
        {"jobId":"%s","jobOwner":"123456789012"}""".formatted(JOB))));
    stubJobStates(job("InProgress", null), job("InProgress", null), job("Succeeded", null));

    SignedLayer signed = signer(SigningWait.DEFAULT).sign(REQUEST);

    assertThat(signed).isEqualTo(new SignedLayer("acme-layers",
        "layers/requests/signed/" + JOB + ".zip", JOB, PROFILE_ARN + "/Hd9Rr2k7Qc"));
    assertThat(signed.location()).isEqualTo("s3://acme-layers/layers/requests/signed/" + JOB + ".zip");
    SIGNER.verify(postRequestedFor(urlPathEqualTo("/signing-jobs"))
        .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/signer/aws4_request.*"))
        .withRequestBody(equalToJson("""
        {"clientRequestToken":"layerkit-c0a8f2d6-requests",
         "destination":{"s3":{"bucketName":"acme-layers","prefix":"layers/requests/signed/"}},
         "profileName":"layerkit_prod",
         "source":{"s3":{"bucketName":"acme-layers","key":"layers/requests/requests-20261123223500.zip","version":"%s"}}}
        """.formatted(VERSION_ID))));
    SIGNER.verify(3, getRequestedFor(urlPathEqualTo("/signing-jobs/" + JOB)));
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void aFailedJobIsAnErrorCarryingSignersReason() {
    stubProfile("Active", "AWSLambda-SHA384-ECDSA");
    SIGNER.stubFor(post(urlPathEqualTo("/signing-jobs")).willReturn(json(200, """
        {"jobId":"%s","jobOwner":"123456789012"}""".formatted(JOB))));
    stubJobStates(job("Failed", "Unable to read the source object: Access Denied"));

    assertThatThrownBy(() -> signer(SigningWait.DEFAULT).sign(REQUEST))
        .isInstanceOf(SigningException.class)
        .hasMessage("signing job " + JOB + " (profile layerkit_prod) failed: Unable to read the"
            + " source object: Access Denied");
  }

  @Test
  void aJobStillRunningAtTheTimeoutIsAnErrorSayingHowToFollowIt() {
    stubProfile("Active", "AWSLambda-SHA384-ECDSA");
    SIGNER.stubFor(post(urlPathEqualTo("/signing-jobs")).willReturn(json(200, """
        {"jobId":"%s","jobOwner":"123456789012"}""".formatted(JOB))));
    SIGNER.stubFor(get(urlPathEqualTo("/signing-jobs/" + JOB)).willReturn(json(200,
        job("InProgress", null))));

    SigningWait wait = new SigningWait(Duration.ofSeconds(1), Duration.ofSeconds(4),
        Duration.ofSeconds(20));
    assertThatThrownBy(() -> signer(wait).sign(REQUEST))
        .isInstanceOf(SigningException.class)
        .hasMessage("signing job " + JOB + " (profile layerkit_prod) is still InProgress after 20 s;"
            + " see `aws signer describe-signing-job --job-id " + JOB + "`, and run again once it"
            + " finished");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4),
        Duration.ofSeconds(1));
  }

  @Test
  void aProfileThatIsRevokedOrForAnotherPlatformOrMissingStopsBeforeAnyJob() {
    stubProfile("Revoked", "AWSLambda-SHA384-ECDSA");
    assertThatThrownBy(() -> signer(SigningWait.DEFAULT).sign(REQUEST))
        .hasMessage("signing profile layerkit_prod is Revoked, not Active: Key compromised");

    stubProfile("Active", "AmazonFreeRTOS-Default");
    assertThatThrownBy(() -> signer(SigningWait.DEFAULT).sign(REQUEST))
        .hasMessage("signing profile layerkit_prod signs for platform AmazonFreeRTOS-Default;"
            + " Lambda layers need a profile for AWSLambda-SHA384-ECDSA");

    SIGNER.stubFor(get(urlPathEqualTo("/signing-profiles/" + PROFILE)).willReturn(
        json(404, "{\"code\":\"NOT_FOUND\",\"message\":\"Signing profile layerkit_prod not found.\"}")
            .withHeader("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.signer/")));
    assertThatThrownBy(() -> signer(SigningWait.DEFAULT).sign(REQUEST))
        .isInstanceOf(SigningException.class)
        .hasMessage("AWS Signer GetSigningProfile (profile layerkit_prod) failed:"
            + " ResourceNotFoundException: Signing profile layerkit_prod not found.");
    SIGNER.verify(0, postRequestedFor(urlPathEqualTo("/signing-jobs")));
  }

  @Test
  void aProfileSharedFromAnotherAccountIsNamedWithItsOwner() throws Exception {
    SIGNER.stubFor(get(urlPathEqualTo("/signing-profiles/" + PROFILE))
        .withQueryParam("profileOwner", equalTo("210987654321"))
        .willReturn(json(200, profile("Active", "AWSLambda-SHA384-ECDSA"))));
    SIGNER.stubFor(post(urlPathEqualTo("/signing-jobs")).willReturn(json(200, """
        {"jobId":"%s","jobOwner":"123456789012"}""".formatted(JOB))));
    stubJobStates(job("Succeeded", null));
    SigningRequest shared = new SigningRequest(REQUEST.bucket(), REQUEST.key(),
        REQUEST.versionId(), REQUEST.destinationBucket(), REQUEST.destinationPrefix(), PROFILE,
        Optional.of("210987654321"), REQUEST.requestToken());

    signer(SigningWait.DEFAULT).sign(shared);

    SIGNER.verify(postRequestedFor(urlPathEqualTo("/signing-jobs"))
        .withRequestBody(equalToJson("{\"profileOwner\":\"210987654321\"}", true, true)));
  }

  @Test
  void anObjectWithoutAVersionOrAMalformedProfileNameIsRefusedUpFront() {
    assertThatThrownBy(() -> new SigningRequest("b", "k.zip", null, "b", "p/", PROFILE,
        Optional.empty(), "t")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("s3://b/k.zip has no version id: code signing reads one object version, so"
            + " the bucket must have versioning enabled");
    assertThatThrownBy(() -> new SigningRequest("b", "k.zip", "v", "b", "p/", "my-profile",
        Optional.empty(), "t")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signing profile name 'my-profile' is not valid: use 2 to 64 letters, digits"
            + " and underscores, as AWS Signer names profiles");
  }

  private void stubProfile(String status, String platform) {
    SIGNER.stubFor(get(urlPathEqualTo("/signing-profiles/" + PROFILE))
        .willReturn(json(200, profile(status, platform))));
  }

  private static String profile(String status, String platform) {
    return """
        {"arn":"%s","platformDisplayName":"AWS Lambda","platformId":"%s",
         "profileName":"layerkit_prod","profileVersion":"Hd9Rr2k7Qc",
         "profileVersionArn":"%s/Hd9Rr2k7Qc",%s
         "signatureValidityPeriod":{"type":"MONTHS","value":135},
         "signingMaterial":{"certificateArn":"arn:aws:acm:eu-west-1:123456789012:certificate/5c1d7a2e-0f3b-4a6c-9d8e-7f6a5b4c3d2e"},
         "status":"%s","tags":{}}""".formatted(PROFILE_ARN, platform, PROFILE_ARN,
        status.equals("Revoked") ? "\"statusReason\":\"Key compromised\"," : "", status);
  }

  /** DescribeSigningJob answers {@code states} in turn, the last one from then on. */
  private void stubJobStates(String... states) {
    for (int i = 0; i < states.length; i++) {
      SIGNER.stubFor(get(urlPathEqualTo("/signing-jobs/" + JOB)).inScenario("job")
          .whenScenarioStateIs(i == 0 ? STARTED : "poll-" + i)
          .willReturn(json(200, states[i]))
          .willSetStateTo(i == states.length - 1 ? "poll-" + i : "poll-" + (i + 1)));
    }
  }

  private static String job(String status, String reason) {
    String signed = status.equals("Succeeded")
        ? "\"signedObject\":{\"s3\":{\"bucketName\":\"acme-layers\",\"key\":\"layers/requests/signed/"
            + JOB + ".zip\"}},\"completedAt\":1.763937305E9,\"signatureExpiresAt\":2.118879305E9,"
        : "";
    return """
        {"createdAt":1.763937301E9,"jobId":"%s","jobInvoker":"123456789012","jobOwner":"123456789012",
         "platformDisplayName":"AWS Lambda","platformId":"AWSLambda-SHA384-ECDSA",
         "profileName":"layerkit_prod","profileVersion":"Hd9Rr2k7Qc",
         "requestedBy":"arn:aws:sts::123456789012:assumed-role/layerkit/layerkit-layerkit",%s
         "signingMaterial":{"certificateArn":"arn:aws:acm:eu-west-1:123456789012:certificate/5c1d7a2e-0f3b-4a6c-9d8e-7f6a5b4c3d2e"},
         "source":{"s3":{"bucketName":"acme-layers","key":"layers/requests/requests-20261123223500.zip","version":"%s"}},
         "status":"%s"%s}""".formatted(JOB, signed, VERSION_ID, status,
        reason == null ? "" : ",\"statusReason\":\"" + reason + "\"");
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-RequestId", "a8f2c1d0-3b4e-4f5a-9c6d-7e8f9a0b1c2d").withBody(body);
  }

  /** A clock the fake sleeper moves. */
  private static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-11-23T22:35:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
