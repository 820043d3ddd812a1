package io.layerkit.provenance.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.provenance.Attestation;
import io.layerkit.provenance.Envelope;
import io.layerkit.provenance.ProvenanceException;
import io.layerkit.provenance.PublicKeyVerifier;
import io.layerkit.provenance.SampleBuilds;
import io.layerkit.testing.MotoServer;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * Provenance signed and verified with real KMS calls against moto, for the key specs layerkit
 * signs with. Moto signs a RAW message as KMS does (its ECDSA and PKCS #1 v1.5 signatures verify
 * offline with the key's public half); its RSASSA-PSS uses another salt length than KMS's 32
 * bytes, so PSS is checked here through KMS Verify, and offline in
 * {@link KmsSigningWireTest}; moto hashes a DIGEST message again, so the DIGEST path is there too.
 */
class KmsSigningAgainstMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private KmsClient kms;

  @BeforeEach
  void connect() {
    kms = MOTO.client(KmsClient.builder());
  }

  @AfterEach
  void close() {
    kms.close();
  }

  private String key(KeySpec spec) {
    return kms.createKey(r -> r.keySpec(spec).keyUsage(KeyUsageType.SIGN_VERIFY))
        .keyMetadata().arn();
  }

  private Envelope signed(String keyId, boolean pkcs1) throws Exception {
    return Attestation.envelope(SampleBuilds.fromBitbucket(),
        Optional.of(new KmsEnvelopeSigner(kms, keyId, pkcs1)));
  }

  @Test
  void anEcdsaP256SignatureVerifiesWithKmsAndOfflineAndNamesTheKeyArn() throws Exception {
    String arn = key(KeySpec.ECC_NIST_P256);
    kms.createAlias(r -> r.aliasName("alias/layerkit-provenance").targetKeyId(arn));

    Envelope envelope = signed("alias/layerkit-provenance", false);

    assertThat(envelope.signatures()).singleElement()
        .satisfies(s -> assertThat(s.keyid()).isEqualTo(arn));
    assertThat(new KmsSignatureVerifier(kms, arn).verify(envelope.pae(), envelope.signatures().get(0)))
        .isTrue();
    PublicKeyVerifier offline = KmsPublicKeys.verifier(kms, "alias/layerkit-provenance");
    assertThat(offline.verify(envelope.pae(), envelope.signatures().get(0))).isTrue();
    assertThat(offline.verify(edited(envelope), envelope.signatures().get(0))).isFalse();
    assertThat(new KmsSignatureVerifier(kms, arn).verify(edited(envelope), envelope.signatures().get(0)))
        .isFalse();
  }

  @Test
  void rsaSignaturesVerifyWithKmsPssAndPkcs1AndOfflinePkcs1() throws Exception {
    String arn = key(KeySpec.RSA_2048);

    Envelope pss = signed(arn, false);
    Envelope pkcs1 = signed(arn, true);

    KmsSignatureVerifier verifier = new KmsSignatureVerifier(kms, arn);
    assertThat(verifier.verify(pss.pae(), pss.signatures().get(0))).isTrue();
    assertThat(verifier.verify(pkcs1.pae(), pkcs1.signatures().get(0))).isTrue();
    assertThat(verifier.verify(edited(pss), pss.signatures().get(0))).isFalse();
    assertThat(KmsPublicKeys.verifier(kms, arn).verify(pkcs1.pae(), pkcs1.signatures().get(0)))
        .isTrue();
  }

  @Test
  void anotherKeysSignatureIsNotTheReleaseKeys() throws Exception {
    String releaseKey = key(KeySpec.ECC_NIST_P256);
    String otherKey = key(KeySpec.ECC_NIST_P256);

    Envelope byOther = signed(otherKey, false);

    assertThat(new KmsSignatureVerifier(kms, releaseKey)
        .verify(byOther.pae(), byOther.signatures().get(0))).isFalse();
    assertThat(KmsPublicKeys.verifier(kms, releaseKey)
        .verify(byOther.pae(), byOther.signatures().get(0))).isFalse();
  }

  @Test
  void aKeyThatCannotSignProvenanceIsNamedWithWhatItIs() {
    String encryption = kms.createKey(r -> r.keySpec(KeySpec.SYMMETRIC_DEFAULT)
        .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)).keyMetadata().keyId();
    String p384 = key(KeySpec.ECC_NIST_P384);

    assertThatThrownBy(() -> signed(encryption, false)).isInstanceOf(ProvenanceException.class)
        .hasMessage("KMS key " + encryption + " is for ENCRYPT_DECRYPT; provenance needs an"
            + " asymmetric SIGN_VERIFY key (ECC_NIST_P256 or RSA)");
    assertThatThrownBy(() -> signed(p384, false)).isInstanceOf(ProvenanceException.class)
        .hasMessage("KMS key " + p384 + " has key spec ECC_NIST_P384; provenance is signed with"
            + " ECC_NIST_P256 or RSA_2048/3072/4096 keys");
    assertThatThrownBy(() -> signed("alias/missing", false)).isInstanceOf(ProvenanceException.class)
        .hasMessageStartingWith("KMS DescribeKey with key alias/missing failed: NotFoundException");
  }

  @Test
  void aDisabledKeyIsRefusedBeforeSigning() {
    String id = kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256)
        .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
    kms.disableKey(r -> r.keyId(id));

    assertThatThrownBy(() -> signed(id, false)).isInstanceOf(ProvenanceException.class)
        .hasMessage("KMS key " + id + " is Disabled, not Enabled");
  }

  private static byte[] edited(Envelope envelope) {
    byte[] pae = envelope.pae();
    pae[pae.length - 3] ^= 1;
    return pae;
  }
}
