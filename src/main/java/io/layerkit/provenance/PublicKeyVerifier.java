package io.layerkit.provenance;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;

/**
 * Checks signatures offline with a public key (as KMS GetPublicKey hands it out: a DER
 * SubjectPublicKeyInfo), with the algorithms KMS signs with: ECDSA over SHA-256 (DER signature)
 * for an EC P-256 key; for an RSA key, RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte
 * salt, or PKCS #1 v1.5 with SHA-256.
 */
public final class PublicKeyVerifier implements SignatureVerifier {
  private final PublicKey key;
  private final String name;

  public PublicKeyVerifier(PublicKey key, String name) {
    if (!(key instanceof ECPublicKey) && !(key instanceof RSAPublicKey)) {
      throw new IllegalArgumentException("key " + name + " is " + key.getAlgorithm()
          + "; provenance is signed with EC P-256 or RSA keys");
    }
    this.key = key;
    this.name = name;
  }

  /**
   * @param der a DER SubjectPublicKeyInfo
   * @throws ProvenanceException when it is no EC or RSA public key
   */
  public static PublicKeyVerifier fromDer(byte[] der, String name) throws ProvenanceException {
    for (String algorithm : List.of("EC", "RSA")) {
      try {
        return new PublicKeyVerifier(
            KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der)), name);
      } catch (GeneralSecurityException e) {
        // try the other
      }
    }
    throw new ProvenanceException("the public key of " + name + " is not an EC or RSA key");
  }

  @Override
  public boolean verify(byte[] pae, EnvelopeSignature signature) {
    for (Signature algorithm : algorithms()) {
      try {
        algorithm.initVerify(key);
        algorithm.update(pae);
        if (algorithm.verify(signature.sig())) {
          return true;
        }
      } catch (GeneralSecurityException e) {
        // malformed for this algorithm: not a valid signature by it
      }
    }
    return false;
  }

  @Override
  public String describe() {
    return name;
  }

  private List<Signature> algorithms() {
    try {
      if (key instanceof ECPublicKey) {
        return List.of(Signature.getInstance("SHA256withECDSA"));
      }
      Signature pss = Signature.getInstance("RSASSA-PSS");
      pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      return List.of(pss, Signature.getInstance("SHA256withRSA"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks a standard signature algorithm", e);
    }
  }
}
