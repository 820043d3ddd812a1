package io.layerkit.provenance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Build records as the pipeline would make them, for the provenance tests. */
public final class SampleBuilds {
  public static final String ZIP_SHA256 =
      "88cc704c3d85467ead9ca51ae77d50d1c53c3023f0b08571e9cb98905edba5f9";
  public static final String SBOM_SHA256 =
      "1f3870be274f6c49b3e31a0c6728957f34d5e4f4b8bc3e7ff0a46b07fb5b8d8a";
  public static final String COMMIT = "6e1f9d2c4b3a59f7e8d0c1b2a3948576f0e1d2c3";

  private SampleBuilds() {}

  public static BuildRecord fromBitbucket() {
    return new BuildRecord(Artifact.of("requests-20261123223500.zip", ZIP_SHA256),
        "bitbucket://acme/cfct-config", Optional.of("main"), "lambda/layers/requests",
        Instant.parse("1980-01-01T00:00:00Z"),
        Optional.of("git+https://bitbucket.org/acme/cfct-config.git"), Optional.of(COMMIT),
        "arn:aws:lambda:eu-west-1:123456789012:function:layerkit-layerkit", "0.1.0",
        "c0a8f2d6-2b1e-4c39-9a51-3f3e0e2f6b7d", Instant.parse("2026-11-23T22:35:00.125Z"),
        Instant.parse("2026-11-23T22:35:07.5Z"),
        List.of(new Artifact("requests-20261123223500.cdx.json", SBOM_SHA256,
            "application/vnd.cyclonedx+json")));
  }

  public static BuildRecord fromFolder() {
    return new BuildRecord(Artifact.of("greetings.zip", ZIP_SHA256), "dir:/work/examples",
        Optional.empty(), "layers/greetings", Instant.parse("2020-02-02T02:02:02Z"),
        Optional.empty(), Optional.empty(), BuildRecord.cliBuilder("0.1.0"), "0.1.0",
        "4a7c9f0e-5d8b-4e6a-8c1f-2b3d4e5f6a7b", Instant.parse("2026-11-23T22:35:00Z"),
        Instant.parse("2026-11-23T22:35:01Z"), List.of());
  }
}
