package io.layerkit.provenance;

import java.util.Arrays;
import java.util.Objects;

/**
 * One signature of a DSSE envelope.
 *
 * @param keyid which key made it (a KMS key ARN): a hint for choosing the key, never trusted
 * @param sig the signature over the envelope's {@link Pae} (DER for ECDSA, as KMS returns it)
 */
public record EnvelopeSignature(String keyid, byte[] sig) {

  public EnvelopeSignature {
    Objects.requireNonNull(keyid, "keyid");
    sig = sig.clone();
  }

  @Override
  public byte[] sig() {
    return sig.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EnvelopeSignature that && keyid.equals(that.keyid)
        && Arrays.equals(sig, that.sig);
  }

  @Override
  public int hashCode() {
    return 31 * keyid.hashCode() + Arrays.hashCode(sig);
  }

  @Override
  public String toString() {
    return "EnvelopeSignature[keyid=" + keyid + ", " + sig.length + " bytes]";
  }
}
