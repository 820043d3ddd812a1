package io.layerkit.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options for publishing and sharing layer versions. */
final class PublishOptions {
  @Option(names = "--publish-layer",
      description = "Publish a Lambda layer version from the stored zip.")
  Boolean publishLayer;

  @Option(names = "--share", paramLabel = "ACCOUNT_ID|o-ORGID|*",
      description = "Grant use of the layer version (repeatable).")
  List<String> share = new ArrayList<>();

  @Option(names = "--allow-public", description = "Allow --share * (every AWS account).")
  Boolean allowPublic;

  @Option(names = "--runtime", paramLabel = "RUNTIME",
      description = "Compatible runtime, e.g. python3.12 (repeatable).")
  List<String> runtimes = new ArrayList<>();

  @Option(names = "--arch", paramLabel = "ARCH",
      description = "Compatible architecture: x86_64 or arm64 (repeatable).")
  List<String> architectures = new ArrayList<>();

  @Option(names = "--license", paramLabel = "TEXT", description = "License info of the layer.")
  String license;

  @Option(names = "--storage", paramLabel = "copy|reference",
      description = "How Lambda keeps a new layer version's code: copy (default) or reference"
          + " (reads the object version in place; the bucket must be versioned).")
  String storage;

  @Option(names = "--attestation-key", paramLabel = "KEY_ID|ALIAS",
      description = "KMS asymmetric key (ECC_NIST_P256 or RSA) that signs each provenance"
          + " (default: stored unsigned).")
  String attestationKey;

  @Option(names = "--signing-profile", paramLabel = "NAME",
      description = "AWS Signer profile that code-signs each stored zip before it is published"
          + " (needs an s3:// store in a versioned bucket).")
  String signingProfile;
}
