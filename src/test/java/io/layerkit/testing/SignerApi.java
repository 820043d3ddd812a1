package io.layerkit.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/**
 * AWS Signer on WireMock (moto has no signing jobs), answering GetSigningProfile,
 * StartSigningJob and DescribeSigningJob with the REST-JSON shapes of the Signer API reference:
 * an Active profile for Lambda's platform, and one job that has succeeded and names its signed
 * object. The job's signed copy is what Signer would write; the test puts it in S3 itself.
 */
public final class SignerApi {
  public static final String PROFILE = "layerkit_prod";
  public static final String PROFILE_ARN =
      "arn:aws:signer:us-east-1:123456789012:/signing-profiles/layerkit_prod";
  public static final String PROFILE_VERSION_ARN = PROFILE_ARN + "/Hd9Rr2k7Qc";
  public static final String JOB = "2fd1a3c5-7b9e-4d0f-8a6c-1e2b3c4d5e6f";

  private SignerApi() {}

  /** The profile, and a job that signs into {@code bucket} at {@code signedKey}. */
  public static void answer(WireMockExtension signer, String bucket, String signedKey) {
    profile(signer);
    signer.stubFor(post(urlPathEqualTo("/signing-jobs")).willReturn(json("""
        {"jobId":"%s","jobOwner":"123456789012"}""".formatted(JOB))));
    job(signer, JOB, bucket, signedKey);
  }

  /**
   * The profile, and one job per bucket (Signer signs in the bucket's own region): a
   * StartSigningJob naming {@code bucket} as its source gets {@code jobId}, whose copy is at
   * {@code signedKey} in the same bucket.
   */
  public static void answerFor(WireMockExtension signer, String bucket, String jobId,
      String signedKey) {
    profile(signer);
    signer.stubFor(post(urlPathEqualTo("/signing-jobs"))
        .withRequestBody(matchingJsonPath("$.source.s3.bucketName", equalTo(bucket)))
        .willReturn(json("""
            {"jobId":"%s","jobOwner":"123456789012"}""".formatted(jobId))));
    job(signer, jobId, bucket, signedKey);
  }

  private static void profile(WireMockExtension signer) {
    signer.stubFor(get(urlPathEqualTo("/signing-profiles/" + PROFILE)).willReturn(json("""
        {"arn":"%s","platformDisplayName":"AWS Lambda","platformId":"AWSLambda-SHA384-ECDSA",
         "profileName":"layerkit_prod","profileVersion":"Hd9Rr2k7Qc",
         "profileVersionArn":"%s",
         "signatureValidityPeriod":{"type":"MONTHS","value":135},
         "signingMaterial":{"certificateArn":"arn:aws:acm:us-east-1:123456789012:certificate/5c1d7a2e-0f3b-4a6c-9d8e-7f6a5b4c3d2e"},
         "status":"Active","tags":{}}""".formatted(PROFILE_ARN, PROFILE_VERSION_ARN))));
  }

  private static void job(WireMockExtension signer, String jobId, String bucket,
      String signedKey) {
    signer.stubFor(get(urlPathEqualTo("/signing-jobs/" + jobId)).willReturn(json("""
        {"createdAt":1.763937301E9,"jobId":"%s","jobInvoker":"123456789012","jobOwner":"123456789012",
         "platformDisplayName":"AWS Lambda","platformId":"AWSLambda-SHA384-ECDSA",
         "profileName":"layerkit_prod","profileVersion":"Hd9Rr2k7Qc",
         "requestedBy":"arn:aws:sts::123456789012:assumed-role/layerkit/layerkit-layerkit",
         "signedObject":{"s3":{"bucketName":"%s","key":"%s"}},
         "completedAt":1.763937305E9,"signatureExpiresAt":2.118879305E9,
         "signingMaterial":{"certificateArn":"arn:aws:acm:us-east-1:123456789012:certificate/5c1d7a2e-0f3b-4a6c-9d8e-7f6a5b4c3d2e"},
         "source":{"s3":{"bucketName":"%s","key":"layers/requests/requests-20261123223500.zip","version":"3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"}},
         "status":"Succeeded"}""".formatted(jobId, bucket, signedKey, bucket))));
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-RequestId", "a8f2c1d0-3b4e-4f5a-9c6d-7e8f9a0b1c2d").withBody(body);
  }
}
