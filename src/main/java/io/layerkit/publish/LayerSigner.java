package io.layerkit.publish;

import java.io.IOException;

/**
 * Code-signs a stored layer zip so that functions whose CodeSigningConfig trusts the signing
 * profile accept the layer. Signing happens in the region of the stored object (a signing service
 * cannot sign across regions): one signer per region.
 */
public interface LayerSigner {

  /**
   * Signs the object and waits (bounded) until the signed copy exists.
   *
   * @throws SigningException when the profile cannot sign, the job failed, or it did not finish
   *     in time; one line naming the profile, the job and the reason
   */
  SignedLayer sign(SigningRequest request) throws IOException;
}
