package io.layerkit.config;

import java.util.List;
import java.util.Optional;

/**
 * How to reach AWS. Empty values mean the SDK's defaults (credential chain, region chain, and the
 * standard {@code AWS_ENDPOINT_URL*} variables).
 *
 * @param regions the regions a run publishes in, the home region first; empty for the SDK's
 *     region chain
 * @param profile named profile from the shared config files
 * @param endpointUrl one endpoint for every service (emulators, S3-compatible stores); S3 then uses path-style
 * @param roleArn role to assume (STS) for publishing layers in another account
 */
public record AwsSettings(
    List<String> regions,
    Optional<String> profile,
    Optional<String> endpointUrl,
    Optional<String> roleArn) {

  public AwsSettings {
    regions = List.copyOf(regions);
  }

  /** Settings for one region, or the region chain's when {@code region} is empty. */
  public AwsSettings(Optional<String> region, Optional<String> profile,
      Optional<String> endpointUrl, Optional<String> roleArn) {
    this(region.map(List::of).orElse(List.of()), profile, endpointUrl, roleArn);
  }

  /** The home region: the first one named, where one-region calls (tokens, pipelines) go. */
  public Optional<String> region() {
    return regions.stream().findFirst();
  }

  public static AwsSettings defaults() {
    return new AwsSettings(List.of(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
