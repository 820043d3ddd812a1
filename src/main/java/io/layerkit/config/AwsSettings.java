package io.layerkit.config;

import java.util.Optional;

/**
 * How to reach AWS. Empty values mean the SDK's defaults (credential chain, region chain, and the
 * standard {@code AWS_ENDPOINT_URL*} variables).
 *
 * @param region region override
 * @param profile named profile from the shared config files
 * @param endpointUrl one endpoint for every service (emulators, S3-compatible stores); S3 then uses path-style
 * @param roleArn role to assume (STS) for publishing layers in another account
 */
public record AwsSettings(
    Optional<String> region,
    Optional<String> profile,
    Optional<String> endpointUrl,
    Optional<String> roleArn) {

  public static AwsSettings defaults() {
    return new AwsSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
