package io.layerkit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.provenance.Attestation;
import io.layerkit.provenance.BuildRecord;
import io.layerkit.provenance.Envelope;
import io.layerkit.provenance.SampleBuilds;
import io.layerkit.provenance.SignatureVerifier;
import io.layerkit.provenance.kms.KmsEnvelopeSigner;
import io.layerkit.provenance.kms.KmsPublicKeys;
import io.layerkit.provenance.kms.KmsSignatureVerifier;
import io.layerkit.testing.MotoServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/** The signature check with a real KMS key (moto): by KMS Verify and offline by its public key. */
class ReleaseVerifierWithKmsAgainstMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private KmsClient kms;
  private String releaseKey;
  private RecordedRelease release;
  private Evidence fresh;

  @BeforeEach
  void signedRelease() throws Exception {
    kms = MOTO.client(KmsClient.builder());
    releaseKey = newKey();
    BuildRecord build = SampleBuilds.fromBitbucket();
    BuildParameters parameters = new BuildParameters(build.source(), build.ref(),
        build.packagePath(), build.commit(), build.timestamp());
    release = new RecordedRelease(build.subject().name(), build.subject().sha256(), parameters,
        Optional.of(releaseKey));
    fresh = evidence(Attestation.write(build, Optional.of(new KmsEnvelopeSigner(kms, releaseKey))));
  }

  @AfterEach
  void close() {
    kms.close();
  }

  @Test
  void aReleaseSignedWithItsKeyHoldsByKmsVerifyAndOffline() throws Exception {
    for (SignatureVerifier verifier : List.of(new KmsSignatureVerifier(kms, releaseKey),
        KmsPublicKeys.verifier(kms, releaseKey))) {
      Verification verification = new ReleaseVerifier(Optional.of(verifier)).verify(release, fresh);

      assertThat(verification.holds()).as(verifier.describe()).isTrue();
      assertThat(verification.of(Check.PROVENANCE_SIGNATURE).detail())
          .isEqualTo("signed by KMS key " + releaseKey);
    }
  }

  @Test
  void anEditedPayloadOrAnotherKeysSignatureFailsTheSignatureCheck() throws Exception {
    Envelope signed = Envelope.parseLines(fresh.provenance().orElseThrow()).get(0);
    String edited = new String(signed.payload(), StandardCharsets.UTF_8)
        .replace("2026-11-23T22:35:07.500Z", "2026-11-23T22:35:08.500Z");
    Evidence tampered = evidence(new Envelope(signed.payloadType(),
        edited.getBytes(StandardCharsets.UTF_8), signed.signatures()).toJsonLine());
    Evidence byAnotherKey = evidence(Attestation.write(SampleBuilds.fromBitbucket(),
        Optional.of(new KmsEnvelopeSigner(kms, newKey()))));
    ReleaseVerifier verifier =
        new ReleaseVerifier(Optional.of(new KmsSignatureVerifier(kms, releaseKey)));

    for (Evidence evidence : List.of(tampered, byAnotherKey)) {
      Verification verification = verifier.verify(release, evidence);
      assertThat(verification.holds()).isFalse();
      assertThat(verification.verdicts()).filteredOn(v -> v.outcome() == Verdict.Outcome.FAILS)
          .extracting(Verdict::check).containsExactly(Check.PROVENANCE_SIGNATURE);
    }
  }

  private Evidence evidence(byte[] provenance) {
    return new Evidence(release.parameters(), release.sha256(), Optional.of(release.sha256()),
        Optional.of(provenance));
  }

  private String newKey() {
    return kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
        .keyMetadata().arn();
  }
}
