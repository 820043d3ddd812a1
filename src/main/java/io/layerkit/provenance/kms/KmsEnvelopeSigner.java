package io.layerkit.provenance.kms;

import io.layerkit.provenance.EnvelopeSignature;
import io.layerkit.provenance.EnvelopeSigner;
import io.layerkit.provenance.ProvenanceException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Signs DSSE envelopes with an asymmetric AWS KMS key (KMS Sign); the signature's {@code keyid} is
 * the key's ARN as KMS reports it, whatever id or alias named the key.
 */
public final class KmsEnvelopeSigner implements EnvelopeSigner {
  private final KmsSigningKey key;

  /**
   * @param keyId a key id, key ARN, {@code alias/NAME} or alias ARN
   * @param pkcs1 sign with RSASSA_PKCS1_V1_5_SHA_256 instead of RSASSA_PSS_SHA_256 (RSA keys)
   * @throws IllegalArgumentException when {@code keyId} is blank
   */
  public KmsEnvelopeSigner(KmsClient kms, String keyId, boolean pkcs1) {
    this.key = new KmsSigningKey(kms, keyId, pkcs1);
  }

  public KmsEnvelopeSigner(KmsClient kms, String keyId) {
    this(kms, keyId, false);
  }

  @Override
  public EnvelopeSignature sign(byte[] pae) throws ProvenanceException {
    SigningAlgorithmSpec algorithm = key.algorithms().get(0);
    SignResponse signed = key.call("Sign", () -> key.kms().sign(r -> r.keyId(key.keyId())
        .signingAlgorithm(algorithm)
        .messageType(KmsSigningKey.messageType(pae))
        .message(KmsSigningKey.messageBytes(pae))));
    return new EnvelopeSignature(signed.keyId(), signed.signature().asByteArray());
  }
}
