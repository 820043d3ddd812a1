package io.layerkit.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.config.AwsSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What the client factory puts on the wire: with {@code --role-arn}, Lambda calls are signed with
 * credentials from STS AssumeRole while S3 keeps the base credentials, and an endpoint override
 * makes S3 path-style. WireMock answers STS with the real AssumeRole XML shape (moto would accept
 * any signature, so it cannot show which credentials signed a call).
 */
class AwsClientsWireTest {
  @RegisterExtension
  static final WireMockExtension AWS = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
      .build();

  private static final String ROLE = "arn:aws:iam::210987654321:role/layer-publisher";

  @Test
  void lambdaRunsUnderTheAssumedRoleAndS3UnderTheBaseCredentials() {
    AWS.stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=AssumeRole"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <AssumedRoleUser>
                  <AssumedRoleId>AROA3XFRBF535PLBIFPI4:layerkit</AssumedRoleId>
                  <Arn>arn:aws:sts::210987654321:assumed-role/layer-publisher/layerkit</Arn>
                </AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>ASIAASSUMEDEXAMPLE</AccessKeyId>
                  <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
                  <SessionToken>FwoGZXIvYXdzEXAMPLESESSIONTOKEN</SessionToken>
                  <Expiration>2099-01-01T00:00:00Z</Expiration>
                </Credentials>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """)));
    AWS.stubFor(get(urlPathEqualTo("/2018-10-31/layers")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"Layers\":[]}")));
    AWS.stubFor(head(urlPathEqualTo("/layer-artifacts")).willReturn(aResponse().withStatus(200)));

    AwsSettings settings = new AwsSettings(Optional.of("eu-west-1"), Optional.empty(),
        Optional.of(AWS.baseUrl()), Optional.of(ROLE));
    try (AwsClients clients = AwsClients.create(settings,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBASEEXAMPLE", "base-secret")))) {
      clients.lambda().listLayers();
      clients.s3().headBucket(b -> b.bucket("layer-artifacts"));
    }

    AWS.verify(postRequestedFor(urlPathEqualTo("/"))
        .withRequestBody(containing("RoleArn=arn%3Aaws%3Aiam%3A%3A210987654321%3Arole%2Flayer-publisher"))
        .withRequestBody(containing("RoleSessionName=layerkit"))
        .withHeader("Authorization", containing("Credential=AKIDBASEEXAMPLE/")));
    AWS.verify(getRequestedFor(urlPathEqualTo("/2018-10-31/layers"))
        .withHeader("Authorization", containing("Credential=ASIAASSUMEDEXAMPLE/"))
        .withHeader("X-Amz-Security-Token", containing("FwoGZXIvYXdzEXAMPLESESSIONTOKEN")));
    AWS.verify(headRequestedFor(urlPathEqualTo("/layer-artifacts"))
        .withHeader("Authorization", containing("Credential=AKIDBASEEXAMPLE/")));
  }
}
