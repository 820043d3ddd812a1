package io.layerkit.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.junit.jupiter.api.Test;

/** Signatures made the way KMS makes them, checked offline with the public key alone. */
class PublicKeyVerifierTest {
  private static final byte[] PAE = Pae.encode(Envelope.IN_TOTO,
      ProvenanceStatement.toJson(SampleBuilds.fromBitbucket()));

  @Test
  void ecdsaP256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    check(generator.generateKeyPair(), Signature.getInstance("SHA256withECDSA"));
  }

  @Test
  void rsaPssWithA32ByteSaltAndPkcs1() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    Signature pss = Signature.getInstance("RSASSA-PSS");
    pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    check(keys, pss);
    check(keys, Signature.getInstance("SHA256withRSA"));
  }

  @Test
  void anotherKeysSignatureAndAKeyOfAnotherKindAreRefused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair mine = generator.generateKeyPair();
    KeyPair theirs = generator.generateKeyPair();
    Signature ecdsa = Signature.getInstance("SHA256withECDSA");
    ecdsa.initSign(theirs.getPrivate());
    ecdsa.update(PAE);

    PublicKeyVerifier verifier =
        PublicKeyVerifier.fromDer(mine.getPublic().getEncoded(), "mine");
    assertThat(verifier.verify(PAE, new EnvelopeSignature("mine", ecdsa.sign()))).isFalse();
    assertThat(verifier.verify(PAE, new EnvelopeSignature("mine", new byte[] {1, 2}))).isFalse();
    KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
    assertThatThrownBy(() -> PublicKeyVerifier.fromDer(ed.generateKeyPair().getPublic().getEncoded(), "ed"))
        .isInstanceOf(ProvenanceException.class)
        .hasMessage("the public key of ed is not an EC or RSA key");
  }

  private static void check(KeyPair keys, Signature algorithm) throws Exception {
    algorithm.initSign(keys.getPrivate());
    algorithm.update(PAE);
    byte[] signature = algorithm.sign();
    PublicKeyVerifier verifier = PublicKeyVerifier.fromDer(keys.getPublic().getEncoded(), "key");

    assertThat(verifier.verify(PAE, new EnvelopeSignature("key", signature))).isTrue();
    byte[] edited = PAE.clone();
    edited[edited.length - 2] ^= 1;
    assertThat(verifier.verify(edited, new EnvelopeSignature("key", signature))).isFalse();
  }
}
