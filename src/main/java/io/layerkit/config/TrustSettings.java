package io.layerkit.config;

import java.util.Optional;

/**
 * How a run vouches for what it stores.
 *
 * @param attestationKey the KMS key (id, ARN, {@code alias/NAME} or alias ARN) that signs each
 *     provenance; empty: provenance is stored unsigned
 * @param signingProfile the AWS Signer profile that code-signs each stored zip; empty: no code
 *     signing
 */
public record TrustSettings(Optional<String> attestationKey, Optional<String> signingProfile) {

  public static TrustSettings defaults() {
    return new TrustSettings(Optional.empty(), Optional.empty());
  }
}
