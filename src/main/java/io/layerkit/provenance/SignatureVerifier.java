package io.layerkit.provenance;

import java.io.IOException;

/** Checks a DSSE signature against the one key a release was signed with. */
public interface SignatureVerifier {

  /**
   * Whether {@code signature} is that key's signature over {@code pae}.
   *
   * @throws ProvenanceException when the key cannot be asked (missing, denied, unreachable)
   */
  boolean verify(byte[] pae, EnvelopeSignature signature) throws IOException;

  /** The key it checks against, for verdicts. */
  String describe();
}
