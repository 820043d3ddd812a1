package io.layerkit.provenance.kms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.provenance.Artifact;
import io.layerkit.provenance.Attestation;
import io.layerkit.provenance.BuildRecord;
import io.layerkit.provenance.Envelope;
import io.layerkit.provenance.EnvelopeSignature;
import io.layerkit.provenance.ProvenanceException;
import io.layerkit.provenance.SampleBuilds;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * What moto does not do as KMS does, against WireMock answering in KMS's JSON 1.1 shapes: a
 * statement longer than KMS's 4096-byte RAW limit is sent as its SHA-256 with MessageType DIGEST,
 * and the RSASSA-PSS signature KMS returns (32-byte salt, made here with a local key standing in
 * for the KMS key) verifies offline with the key GetPublicKey returns; errors come back as one
 * line naming the key.
 */
class KmsSigningWireTest {
  @RegisterExtension
  static final WireMockExtension KMS = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final String ARN =
      "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String ALIAS = "alias/layerkit-provenance";
  private static final String ALGORITHMS = "[\"RSASSA_PKCS1_V1_5_SHA_256\","
      + "\"RSASSA_PKCS1_V1_5_SHA_384\",\"RSASSA_PKCS1_V1_5_SHA_512\",\"RSASSA_PSS_SHA_256\","
      + "\"RSASSA_PSS_SHA_384\",\"RSASSA_PSS_SHA_512\"]";

  private static KeyPair rsa;
  private KmsClient kms;

  @BeforeAll
  static void makeKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(3072);
    rsa = generator.generateKeyPair();
  }

  @BeforeEach
  void connect() {
    kms = KmsClient.builder().endpointOverride(URI.create(KMS.baseUrl()))
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .httpClient(UrlConnectionHttpClient.create()).build();
    KMS.stubFor(kms("DescribeKey").withRequestBody(equalToJson("{\"KeyId\":\"" + ALIAS + "\"}"))
        .willReturn(json(200, """
            {"KeyMetadata":{"AWSAccountId":"123456789012","Arn":"%s","CreationDate":1.7634371E9,
             "CustomerMasterKeySpec":"RSA_3072","Description":"layerkit provenance","Enabled":true,
             "KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","KeyManager":"CUSTOMER",
             "KeySpec":"RSA_3072","KeyState":"Enabled","KeyUsage":"SIGN_VERIFY","MultiRegion":false,
             "Origin":"AWS_KMS","SigningAlgorithms":%s}}""".formatted(ARN, ALGORITHMS))));
  }

  @AfterEach
  void close() {
    kms.close();
  }

  @Test
  void aLongStatementIsSignedAsItsDigestAndVerifiesOfflineWithThePublicKey() throws Exception {
    BuildRecord build = withManyByproducts();
    byte[] pae = Envelope.parseLines(Attestation.write(build, Optional.empty())).get(0).pae();
    assertThat(pae.length).isGreaterThan(KmsSigningKey.RAW_LIMIT);
    String digest = Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(pae));
    KMS.stubFor(kms("Sign").withRequestBody(equalToJson("""
        {"KeyId":"%s","Message":"%s","MessageType":"DIGEST","SigningAlgorithm":"RSASSA_PSS_SHA_256"}
        """.formatted(ALIAS, digest))).willReturn(json(200, """
        {"KeyId":"%s","Signature":"%s","SigningAlgorithm":"RSASSA_PSS_SHA_256"}
        """.formatted(ARN, Base64.getEncoder().encodeToString(pss(pae))))));
    KMS.stubFor(kms("GetPublicKey").withRequestBody(equalToJson("{\"KeyId\":\"" + ALIAS + "\"}"))
        .willReturn(json(200, """
            {"CustomerMasterKeySpec":"RSA_3072","KeyId":"%s","KeySpec":"RSA_3072",
             "KeyUsage":"SIGN_VERIFY","PublicKey":"%s","SigningAlgorithms":%s}
            """.formatted(ARN, Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded()),
            ALGORITHMS))));

    Envelope envelope = Attestation.envelope(build, Optional.of(new KmsEnvelopeSigner(kms, ALIAS)));

    assertThat(envelope.signatures().get(0).keyid()).isEqualTo(ARN);
    assertThat(KmsPublicKeys.verifier(kms, ALIAS).verify(envelope.pae(), envelope.signatures().get(0)))
        .isTrue();
    KMS.verify(1, postRequestedFor(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo("TrentService.Sign"))
        .withHeader("Content-Type", equalTo("application/x-amz-json-1.1")));
  }

  @Test
  void kmsVerifyIsAskedWithTheDigestAndAnInvalidSignatureIsFalse() throws Exception {
    byte[] pae = Envelope.parseLines(Attestation.write(withManyByproducts(), Optional.empty()))
        .get(0).pae();
    KMS.stubFor(kms("Verify").willReturn(json(400, """
        {"__type":"KMSInvalidSignatureException","message":null}""")));

    boolean valid = new KmsSignatureVerifier(kms, ALIAS)
        .verify(pae, new EnvelopeSignature(ARN, new byte[384]));

    assertThat(valid).isFalse();
    String digest = Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(pae));
    for (String algorithm : List.of("RSASSA_PSS_SHA_256", "RSASSA_PKCS1_V1_5_SHA_256")) {
      KMS.verify(1, postRequestedFor(urlEqualTo("/"))
          .withHeader("X-Amz-Target", equalTo("TrentService.Verify"))
          .withRequestBody(equalToJson("""
              {"KeyId":"%s","Message":"%s","MessageType":"DIGEST","Signature":"%s","SigningAlgorithm":"%s"}
              """.formatted(ALIAS, digest, Base64.getEncoder().encodeToString(new byte[384]),
              algorithm))));
    }
  }

  @Test
  void aDeniedSignIsOneLineNamingTheKeyAndThePermission() {
    KMS.stubFor(kms("Sign").willReturn(json(400, """
        {"__type":"AccessDeniedException","Message":"User: arn:aws:sts::123456789012:assumed-role/layerkit/fn is not authorized to perform: kms:Sign on resource: %s because no identity-based policy allows the kms:Sign action"}
        """.formatted(ARN))));

    assertThatThrownBy(() -> Attestation.write(SampleBuilds.fromBitbucket(),
        Optional.of(new KmsEnvelopeSigner(kms, ALIAS))))
        .isInstanceOf(ProvenanceException.class)
        .hasMessage("KMS Sign with key " + ALIAS + " failed: AccessDeniedException: User:"
            + " arn:aws:sts::123456789012:assumed-role/layerkit/fn is not authorized to perform:"
            + " kms:Sign on resource: " + ARN + " because no identity-based policy allows the"
            + " kms:Sign action");
  }

  private static BuildRecord withManyByproducts() {
    BuildRecord sample = SampleBuilds.fromBitbucket();
    List<Artifact> byproducts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byproducts.add(new Artifact("requests-20261123223500.part" + i + ".cdx.json",
          SampleBuilds.SBOM_SHA256, "application/vnd.cyclonedx+json"));
    }
    return new BuildRecord(sample.subject(), sample.source(), sample.ref(), sample.packagePath(),
        sample.timestamp(), sample.repository(), sample.commit(), sample.builderId(),
        sample.builderVersion(), sample.invocationId(), sample.startedOn(), sample.finishedOn(),
        byproducts);
  }

  /** What KMS returns for RSASSA_PSS_SHA_256: PSS, SHA-256 and MGF1-SHA-256, a 32-byte salt. */
  private static byte[] pss(byte[] message) throws Exception {
    Signature pss = Signature.getInstance("RSASSA-PSS");
    pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    pss.initSign(rsa.getPrivate());
    pss.update(message);
    return pss.sign();
  }

  private static com.github.tomakehurst.wiremock.client.MappingBuilder kms(String operation) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("TrentService." + operation));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withHeader("x-amzn-RequestId", "c1a2b3d4-0000-4e5f-8a9b-0c1d2e3f4a5b")
        .withBody(body);
  }
}
