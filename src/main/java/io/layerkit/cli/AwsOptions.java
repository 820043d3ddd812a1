package io.layerkit.cli;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.Setting;
import picocli.CommandLine.Option;

/** How AWS is reached (the regions are each command's own); for every command that calls AWS. */
final class AwsOptions {
  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "AWS endpoint for every service (S3-compatible stores, local emulators).")
  String endpointUrl;

  @Option(names = "--profile", paramLabel = "NAME", description = "AWS named profile.")
  String profile;

  @Option(names = "--role-arn", paramLabel = "ARN",
      description = "Role to assume for the account the layers live in.")
  String roleArn;

  /** These flags under the names a user types. */
  ConfigOverrides overrides() {
    return ConfigOverrides.none()
        .with(Setting.PROFILE, "--profile", profile)
        .with(Setting.ENDPOINT_URL, "--endpoint-url", endpointUrl)
        .with(Setting.ROLE_ARN, "--role-arn", roleArn);
  }
}
