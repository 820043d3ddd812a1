package io.layerkit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.archive.ArchiveProgress;
import io.layerkit.archive.ArchiveResult;
import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.ReproducibleZipArchiver;
import io.layerkit.provenance.Artifact;
import io.layerkit.provenance.Attestation;
import io.layerkit.provenance.BuildRecord;
import io.layerkit.provenance.Envelope;
import io.layerkit.provenance.EnvelopeSignature;
import io.layerkit.provenance.EnvelopeSigner;
import io.layerkit.provenance.PublicKeyVerifier;
import io.layerkit.source.Revision;
import io.layerkit.source.local.LocalDirectorySource;
import io.layerkit.tree.PackageTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release made for real (a folder zipped by the archiver, its provenance signed with an EC
 * P-256 key as KMS would), then verified as {@code layerkit verify} will: it holds when nothing
 * changed, and names the failing check when the stored object, the provenance or the record is
 * changed.
 */
class ReleaseVerifierTest {
  private static final String SOURCE = "bitbucket://acme/cfct-config";
  private static final String PATH = "layers/tools";
  private static final String COMMIT_A = "6e1f9d2c4b3a59f7e8d0c1b2a3948576f0e1d2c3";
  private static final String COMMIT_B = "0b7e3c1d9a8f6e5d4c3b2a19080706050403020f";
  private static final Instant TIMESTAMP = Instant.parse("1980-01-01T00:00:00Z");
  private static final String ZIP_NAME = "tools-20261123223500.zip";
  private static final String KEY = "arn:aws:kms:eu-west-1:123456789012:key/local-test-key";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static KeyPair keys;
  /** The package at each commit, as a checkout would hold it. */
  private static Map<String, Path> checkouts;

  private Path stored;
  private RecordedRelease release;
  private byte[] provenance;

  @BeforeAll
  static void commitsAndKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    keys = generator.generateKeyPair();
    checkouts = Map.of(COMMIT_A, checkout("a", "#!/bin/sh\necho hello\n"),
        COMMIT_B, checkout("b", "#!/bin/sh\necho hello, world\n"));
  }

  private static Path checkout(String name, String script) throws IOException {
    Path root = dir.resolve("checkout-" + name);
    Path bin = root.resolve(PATH).resolve("bin");
    Files.createDirectories(bin);
    Files.writeString(bin.resolve("hello"), script);
    bin.resolve("hello").toFile().setExecutable(true);
    Files.writeString(root.resolve(PATH).resolve("bin/README"), "tools\n");
    return root;
  }

  /** Publishes commit A: zip stored, provenance signed, release recorded. */
  @BeforeEach
  void publishCommitA() throws Exception {
    ArchiveResult zip = build(COMMIT_A, "published.zip");
    stored = dir.resolve("store").resolve(ZIP_NAME);
    Files.createDirectories(stored.getParent());
    Files.copy(zip.file(), stored, StandardCopyOption.REPLACE_EXISTING);
    BuildRecord record = new BuildRecord(Artifact.of(ZIP_NAME, zip.sha256()), SOURCE,
        Optional.of("main"), PATH, TIMESTAMP,
        Optional.of("git+https://bitbucket.org/acme/cfct-config.git"), Optional.of(COMMIT_A),
        "layerkit/0.1.0", "0.1.0", "4a7c9f0e-5d8b-4e6a-8c1f-2b3d4e5f6a7b",
        Instant.parse("2026-11-23T22:35:00Z"), Instant.parse("2026-11-23T22:35:02Z"), List.of());
    provenance = Attestation.write(record, Optional.of(localKms()));
    release = new RecordedRelease(ZIP_NAME, zip.sha256(), parameters(COMMIT_A), Optional.of(KEY));
  }

  @Test
  void aFreshReleaseHoldsOnEveryCheck() throws Exception {
    Verification verification = verify(release, evidenceFor(release));

    assertThat(verification.holds()).isTrue();
    assertThat(verification.verdicts()).extracting(Verdict::outcome)
        .containsOnly(Verdict.Outcome.HOLDS).hasSize(Check.values().length);
    assertThat(verification.of(Check.PROVENANCE_SIGNATURE).line())
        .isEqualTo("HOLDS   provenance signature: signed by local KMS key");
  }

  @Test
  void aReplacedStoredObjectFailsTheStoredCheckOnly() throws Exception {
    Files.copy(build(COMMIT_B, "other.zip").file(), stored,
        StandardCopyOption.REPLACE_EXISTING);

    Verification verification = verify(release, evidenceFor(release));

    assertThat(failing(verification)).containsExactly(Check.STORED_MATCHES_RECORD);
    assertThat(verification.of(Check.STORED_MATCHES_RECORD).detail())
        .startsWith("stored object sha256 ").contains("differs from the recorded " + release.sha256());
  }

  @Test
  void aProvenanceWhoseSubjectWasEditedFailsItsSubjectAndSignature() throws Exception {
    provenance = edited("/subject/0/digest", "sha256", sha256Of(build(COMMIT_B, "b.zip").file()));

    Verification verification = verify(release, evidenceFor(release));

    assertThat(failing(verification))
        .containsExactly(Check.PROVENANCE_SUBJECT, Check.PROVENANCE_SIGNATURE);
    assertThat(verification.of(Check.PROVENANCE_SIGNATURE).detail()).isEqualTo(
        "no signature verifies with local KMS key: the provenance was changed after signing, or"
            + " signed by another key");
  }

  @Test
  void aProvenanceWhoseParametersWereEditedFailsItsParametersAndSignature() throws Exception {
    provenance = edited("/predicate/buildDefinition/externalParameters", "path", "layers/evil");

    Verification verification = verify(release, evidenceFor(release));

    assertThat(failing(verification))
        .containsExactly(Check.PROVENANCE_PARAMETERS, Check.PROVENANCE_SIGNATURE);
    assertThat(verification.of(Check.PROVENANCE_PARAMETERS).detail())
        .isEqualTo("path is layers/evil in the provenance but layers/tools in the release");
  }

  @Test
  void aChangedRecordedCommitFailsTheRebuildAndTheProvenanceParameters() throws Exception {
    RecordedRelease edited = new RecordedRelease(ZIP_NAME, release.sha256(),
        parameters(COMMIT_B), release.attestationKey());

    Verification verification = verify(edited, evidenceFor(edited));

    assertThat(failing(verification))
        .containsExactly(Check.REBUILT_MATCHES_RECORD, Check.PROVENANCE_PARAMETERS);
    assertThat(verification.of(Check.PROVENANCE_PARAMETERS).detail())
        .isEqualTo("commit is " + COMMIT_A + " in the provenance but " + COMMIT_B + " in the release");
  }

  @Test
  void anUnsignedProvenanceFailsOnlyWhenTheReleaseWasSigned() throws Exception {
    Envelope signed = Envelope.parseLines(provenance).get(0);
    provenance = new Envelope(signed.payloadType(), signed.payload(), List.of()).toJsonLine();

    assertThat(failing(verify(release, evidenceFor(release))))
        .containsExactly(Check.PROVENANCE_SIGNATURE);
    RecordedRelease unsigned = new RecordedRelease(ZIP_NAME, release.sha256(),
        release.parameters(), Optional.empty());
    Verification verification = verify(unsigned, evidenceFor(unsigned));
    assertThat(verification.holds()).isTrue();
    assertThat(verification.of(Check.PROVENANCE_SIGNATURE).line()).isEqualTo(
        "SKIPPED provenance signature: the provenance is unsigned (the release names no"
            + " attestation key)");
  }

  @Test
  void aMissingObjectOrProvenanceIsNamed() throws Exception {
    Evidence fresh = evidenceFor(release);
    Evidence nothingStored = new Evidence(fresh.rebuiltWith(), fresh.rebuiltSha256(),
        Optional.empty(), Optional.empty());

    Verification verification = verify(release, nothingStored);

    assertThat(failing(verification)).containsExactly(Check.STORED_MATCHES_RECORD,
        Check.PROVENANCE_SUBJECT, Check.PROVENANCE_PARAMETERS, Check.PROVENANCE_SIGNATURE);
    assertThat(verification.of(Check.STORED_MATCHES_RECORD).detail())
        .isEqualTo("the stored object " + ZIP_NAME + " is missing");
    assertThat(verification.of(Check.PROVENANCE_SUBJECT).detail())
        .isEqualTo("the stored provenance is missing");
  }

  private Verification verify(RecordedRelease recorded, Evidence evidence) {
    return new ReleaseVerifier(Optional.of(new PublicKeyVerifier(keys.getPublic(), "local KMS key")))
        .verify(recorded, evidence);
  }

  /** What verify observes: a rebuild at the recorded commit, the stored object, the provenance. */
  private Evidence evidenceFor(RecordedRelease recorded) throws IOException {
    String commit = recorded.parameters().commit().orElseThrow();
    ArchiveResult rebuilt = build(commit, "rebuilt.zip");
    return new Evidence(recorded.parameters(), rebuilt.sha256(),
        Files.exists(stored) ? Optional.of(sha256Of(stored)) : Optional.empty(),
        Optional.of(provenance));
  }

  private static ArchiveResult build(String commit, String name) throws IOException {
    try (LocalDirectorySource source = new LocalDirectorySource(checkouts.get(commit))) {
      Revision revision = source.resolve(Optional.empty());
      PackageTree tree = source.list(revision, PATH);
      return new ReproducibleZipArchiver(ArchiveSettings.defaults().withTimestamp(TIMESTAMP))
          .archive(tree, entry -> source.open(revision, PATH, entry), dir.resolve(name),
              ArchiveProgress.NONE);
    }
  }

  private static BuildParameters parameters(String commit) {
    return new BuildParameters(SOURCE, Optional.of("main"), PATH, Optional.of(commit), TIMESTAMP);
  }

  /** KMS's ECDSA_SHA_256 with a local key: SHA-256 of the message, DER signature. */
  private static EnvelopeSigner localKms() {
    return pae -> {
      try {
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(keys.getPrivate());
        ecdsa.update(pae);
        return new EnvelopeSignature(KEY, ecdsa.sign());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /** The provenance with one statement field changed, its signature kept. */
  private byte[] edited(String at, String field, String value) throws IOException {
    Envelope envelope = Envelope.parseLines(provenance).get(0);
    ObjectNode statement = (ObjectNode) JSON.readTree(envelope.payload());
    ((ObjectNode) statement.at(at)).put(field, value);
    return new Envelope(envelope.payloadType(), JSON.writeValueAsBytes(statement),
        envelope.signatures()).toJsonLine();
  }

  private static List<Check> failing(Verification verification) {
    return verification.verdicts().stream()
        .filter(v -> v.outcome() == Verdict.Outcome.FAILS).map(Verdict::check).toList();
  }

  private static String sha256Of(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
