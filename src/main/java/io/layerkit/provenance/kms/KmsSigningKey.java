package io.layerkit.provenance.kms;

import io.layerkit.awserror.AwsFailureReason;
import io.layerkit.digest.Sha256;
import io.layerkit.provenance.ProvenanceException;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * One asymmetric KMS key used for provenance: what kind it is (asked once, with DescribeKey), which
 * signing algorithms layerkit uses with it, and how a DSSE message is handed to KMS.
 *
 * <p>Keys: {@code ECC_NIST_P256} (ECDSA_SHA_256) and {@code RSA_2048/3072/4096}
 * (RSASSA_PSS_SHA_256 by default, RSASSA_PKCS1_V1_5_SHA_256 when asked). Messages up to 4096
 * bytes (KMS's limit) go as {@code RAW}, KMS hashing them; longer ones as their SHA-256 with
 * {@code DIGEST}. Either way the signature covers the message itself.
 */
final class KmsSigningKey {
  /** KMS signs a RAW message of at most this many bytes. */
  static final int RAW_LIMIT = 4096;

  private final KmsClient kms;
  private final String keyId;
  private final boolean preferPkcs1;
  private List<SigningAlgorithmSpec> algorithms;

  KmsSigningKey(KmsClient kms, String keyId, boolean preferPkcs1) {
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("a KMS key id, ARN or alias/NAME is needed");
    }
    this.kms = kms;
    this.keyId = keyId.trim();
    this.preferPkcs1 = preferPkcs1;
  }

  String keyId() {
    return keyId;
  }

  KmsClient kms() {
    return kms;
  }

  /** The algorithms a signature by this key may use, the one layerkit signs with first. */
  synchronized List<SigningAlgorithmSpec> algorithms() throws ProvenanceException {
    if (algorithms == null) {
      KeyMetadata key = call("DescribeKey", () -> kms.describeKey(r -> r.keyId(keyId)).keyMetadata());
      algorithms = algorithmsFor(key);
    }
    return algorithms;
  }

  private List<SigningAlgorithmSpec> algorithmsFor(KeyMetadata key) throws ProvenanceException {
    if (key.keyUsage() != KeyUsageType.SIGN_VERIFY) {
      throw new ProvenanceException("KMS key " + keyId + " is for " + key.keyUsageAsString()
          + "; provenance needs an asymmetric SIGN_VERIFY key (ECC_NIST_P256 or RSA)");
    }
    if (key.keyState() != KeyState.ENABLED) {
      throw new ProvenanceException("KMS key " + keyId + " is " + key.keyStateAsString()
          + ", not Enabled");
    }
    KeySpec spec = key.keySpec();
    if (spec == KeySpec.ECC_NIST_P256) {
      return List.of(SigningAlgorithmSpec.ECDSA_SHA_256);
    }
    if (spec == KeySpec.RSA_2048 || spec == KeySpec.RSA_3072 || spec == KeySpec.RSA_4096) {
      return preferPkcs1
          ? List.of(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256,
              SigningAlgorithmSpec.RSASSA_PSS_SHA_256)
          : List.of(SigningAlgorithmSpec.RSASSA_PSS_SHA_256,
              SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256);
    }
    throw new ProvenanceException("KMS key " + keyId + " has key spec " + key.keySpecAsString()
        + "; provenance is signed with ECC_NIST_P256 or RSA_2048/3072/4096 keys");
  }

  /** RAW for short messages, else DIGEST. */
  static MessageType messageType(byte[] message) {
    return message.length <= RAW_LIMIT ? MessageType.RAW : MessageType.DIGEST;
  }

  /** What to send as {@code Message} for {@link #messageType}. */
  static SdkBytes messageBytes(byte[] message) {
    if (messageType(message) == MessageType.RAW) {
      return SdkBytes.fromByteArray(message);
    }
    return SdkBytes.fromByteArray(Sha256.newDigest().digest(message));
  }

  /** Runs one KMS call, a failure turned into one line naming the key and the reason. */
  <T> T call(String operation, Supplier<T> request) throws ProvenanceException {
    try {
      return request.get();
    } catch (SdkException e) {
      throw new ProvenanceException("KMS " + operation + " with key " + keyId + " failed: "
          + AwsFailureReason.of(e), e);
    }
  }
}
