package io.layerkit.cli;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.Setting;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** How AWS is reached (the regions are each command's own); for every command that calls AWS. */
final class AwsOptions {
  private final OptionSpec endpointUrl = Options.text("--endpoint-url", "URL",
      "AWS endpoint for every service (S3-compatible stores, local emulators).");
  private final OptionSpec profile = Options.text("--profile", "NAME", "AWS named profile.");
  private final OptionSpec roleArn = Options.text("--role-arn", "ARN",
      "Role to assume for the account the layers live in.");

  void addTo(CommandSpec command) {
    Options.add(command, endpointUrl, profile, roleArn);
  }

  /** These flags under the names a user types. */
  ConfigOverrides overrides() {
    return ConfigOverrides.none()
        .with(Setting.PROFILE, "--profile", profile.getValue())
        .with(Setting.ENDPOINT_URL, "--endpoint-url", endpointUrl.getValue())
        .with(Setting.ROLE_ARN, "--role-arn", roleArn.getValue());
  }
}
