package io.layerkit.provenance;

import java.io.IOException;

/** Signs the pre-authentication encoding of a DSSE envelope with one key. */
public interface EnvelopeSigner {

  /**
   * @param pae the bytes to sign ({@link Pae#encode})
   * @throws ProvenanceException when the key cannot sign (missing, disabled, wrong kind, denied)
   */
  EnvelopeSignature sign(byte[] pae) throws IOException;
}
