package io.layerkit.provenance.kms;

import io.layerkit.provenance.ProvenanceException;
import io.layerkit.provenance.PublicKeyVerifier;
import software.amazon.awssdk.services.kms.KmsClient;

/** The public half of a KMS signing key (GetPublicKey), for checking signatures offline. */
public final class KmsPublicKeys {
  private KmsPublicKeys() {}

  /**
   * A verifier that needs KMS once, for the key, and never again.
   *
   * @throws ProvenanceException when the key cannot be read or is not a signing key layerkit uses
   */
  public static PublicKeyVerifier verifier(KmsClient kms, String keyId)
      throws ProvenanceException {
    KmsSigningKey key = new KmsSigningKey(kms, keyId, false);
    key.algorithms();
    byte[] der = key.call("GetPublicKey",
        () -> kms.getPublicKey(r -> r.keyId(key.keyId())).publicKey().asByteArray());
    return PublicKeyVerifier.fromDer(der, "KMS key " + key.keyId());
  }
}
