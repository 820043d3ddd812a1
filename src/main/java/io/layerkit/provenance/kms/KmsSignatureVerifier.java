package io.layerkit.provenance.kms;

import io.layerkit.provenance.EnvelopeSignature;
import io.layerkit.provenance.ProvenanceException;
import io.layerkit.provenance.SignatureVerifier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Checks DSSE signatures with KMS Verify against one key: the release's, never the one an
 * envelope names (its {@code keyid} is a hint that anyone can write).
 */
public final class KmsSignatureVerifier implements SignatureVerifier {
  private final KmsSigningKey key;

  /** @throws IllegalArgumentException when {@code keyId} is blank */
  public KmsSignatureVerifier(KmsClient kms, String keyId) {
    this.key = new KmsSigningKey(kms, keyId, false);
  }

  @Override
  public boolean verify(byte[] pae, EnvelopeSignature signature) throws ProvenanceException {
    for (SigningAlgorithmSpec algorithm : key.algorithms()) {
      boolean valid = key.call("Verify", () -> {
        try {
          return key.kms().verify(r -> r.keyId(key.keyId())
              .signingAlgorithm(algorithm)
              .messageType(KmsSigningKey.messageType(pae))
              .message(KmsSigningKey.messageBytes(pae))
              .signature(SdkBytes.fromByteArray(signature.sig()))).signatureValid();
        } catch (KmsInvalidSignatureException invalid) {
          return false;
        }
      });
      if (valid) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String describe() {
    return "KMS key " + key.keyId();
  }
}
