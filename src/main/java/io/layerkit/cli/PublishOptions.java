package io.layerkit.cli;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.Setting;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Options for publishing and sharing layer versions. */
final class PublishOptions {
  private final OptionSpec publishLayer = Options.flag("--publish-layer",
      "Publish a Lambda layer version from the stored zip.");
  private final OptionSpec share = Options.repeatable("--share", "ACCOUNT_ID|o-ORGID|*",
      "Grant use of the layer version (repeatable).");
  private final OptionSpec allowPublic = Options.flag("--allow-public",
      "Allow --share * (every AWS account).");
  private final OptionSpec runtimes = Options.repeatable("--runtime", "RUNTIME",
      "Compatible runtime, e.g. python3.12 (repeatable).");
  private final OptionSpec architectures = Options.repeatable("--arch", "ARCH",
      "Compatible architecture: x86_64 or arm64 (repeatable).");
  private final OptionSpec license = Options.text("--license", "TEXT",
      "License info of the layer.");
  private final OptionSpec storage = Options.text("--storage", "copy|reference",
      "How Lambda keeps a new layer version's code: copy (default) or reference"
          + " (reads the object version in place; the bucket must be versioned).");
  private final OptionSpec attestationKey = Options.text("--attestation-key", "KEY_ID|ALIAS",
      "KMS asymmetric key (ECC_NIST_P256 or RSA) that signs each provenance"
          + " (default: stored unsigned).");
  private final OptionSpec signingProfile = Options.text("--signing-profile", "NAME",
      "AWS Signer profile that code-signs each stored zip before it is published"
          + " (needs an s3:// store in a versioned bucket).");

  void addTo(CommandSpec command) {
    Options.add(command, publishLayer, share, allowPublic, runtimes, architectures, license,
        storage, attestationKey, signingProfile);
  }

  /** These flags under the names a user types. */
  ConfigOverrides overrides() {
    return ConfigOverrides.none()
        .with(Setting.PUBLISH_LAYER, "--publish-layer", Options.givenOrNull(publishLayer))
        .with(Setting.SHARE, "--share", Options.values(share))
        .with(Setting.ALLOW_PUBLIC, "--allow-public", Options.givenOrNull(allowPublic))
        .with(Setting.RUNTIMES, "--runtime", Options.values(runtimes))
        .with(Setting.ARCHITECTURES, "--arch", Options.values(architectures))
        .with(Setting.LICENSE, "--license", license.getValue())
        .with(Setting.STORAGE, "--storage", storage.getValue())
        .with(Setting.ATTESTATION_KEY, "--attestation-key", attestationKey.getValue())
        .with(Setting.SIGNING_PROFILE, "--signing-profile", signingProfile.getValue());
  }
}
