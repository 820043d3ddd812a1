package io.layerkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Releases written before the trust fields existed read as before, the new fields empty. */
class ReleaseJsonTest {

  @Test
  void aReleaseRecordedBeforeEvidenceExistedStillReads() throws Exception {
    String older = """
        {"packageName":"requests","name":"requests-20261123223500",
         "key":"layers/requests/requests-20261123223500.zip",
         "location":"s3://acme-layers/layers/requests/requests-20261123223500.zip",
         "sha256":"%s","contentDigest":"%s","size":123,"files":4,"unzippedSize":456,
         "commit":"e7d158ff7ed5538c28f94cd97a9ad569680fc94e","source":"bitbucket://acme/platform",
         "packagePath":"lambda/layers/requests","fingerprint":null,
         "created":"2026-11-23T22:35:00Z","layerVersionArn":null}
        """.formatted("ab".repeat(32), "cd".repeat(32));

    Release release = ReleaseJson.read(older);

    assertThat(release.name()).isEqualTo("requests-20261123223500");
    assertThat(release.created()).isEqualTo(Instant.parse("2026-11-23T22:35:00Z"));
    assertThat(release.sbomKey()).isNull();
    assertThat(release.provenanceKey()).isNull();
    assertThat(release.attestationKey()).isNull();
    assertThat(release.archiveTimestamp()).isNull();
    assertThat(release.signedSha256()).isNull();
  }

  @Test
  void trustFieldsGoRoundTrip() throws Exception {
    Release release = new Release("requests", "requests-20261123223500",
        "layers/requests/requests-20261123223500.zip", "s3://b/k", "ab".repeat(32),
        "cd".repeat(32), 1, 1, 1, "c0ffee", "bitbucket://acme/platform", "layers/requests", null,
        Instant.parse("2026-11-23T22:35:00Z"), null, null, null,
        "layers/requests/requests-20261123223500.cdx.json",
        "layers/requests/requests-20261123223500.intoto.jsonl",
        "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "main",
        Instant.parse("1980-01-01T00:00:00Z"), "layers/requests/signed/job.zip", "ef".repeat(32),
        "arn:aws:signer:eu-west-1:123456789012:/signing-profiles/layerkit_prod/Hd9Rr2k7Qc",
        "2fd1a3c5-7b9e-4d0f-8a6c-1e2b3c4d5e6f");

    String json = ReleaseJson.write(release);

    assertThat(json).contains("\"archiveTimestamp\":\"1980-01-01T00:00:00Z\"");
    assertThat(ReleaseJson.read(json)).isEqualTo(release);
  }
}
