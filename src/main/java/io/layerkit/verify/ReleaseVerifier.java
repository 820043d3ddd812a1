package io.layerkit.verify;

import io.layerkit.provenance.BuildRecord;
import io.layerkit.provenance.Envelope;
import io.layerkit.provenance.EnvelopeSignature;
import io.layerkit.provenance.ProvenanceException;
import io.layerkit.provenance.ProvenanceStatement;
import io.layerkit.provenance.SignatureVerifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Holds a release's record against what can be observed now: the zip rebuilt from the recorded
 * source and commit, the stored object, the stored provenance and its signature. Each check gives
 * its own verdict, so a failure names what no longer matches.
 */
public final class ReleaseVerifier {
  private final Optional<SignatureVerifier> signatures;

  /**
   * @param signatures checks signatures against the release's key (KMS Verify, or its public
   *     key); empty when no key was given, so a signature can only be reported, not checked
   */
  public ReleaseVerifier(Optional<SignatureVerifier> signatures) {
    this.signatures = signatures;
  }

  public Verification verify(RecordedRelease release, Evidence evidence) {
    List<Verdict> verdicts = new ArrayList<>();
    verdicts.add(rebuilt(release, evidence));
    verdicts.add(stored(release, evidence));
    Envelope envelope;
    try {
      envelope = envelope(evidence);
    } catch (ProvenanceException e) {
      for (Check check : List.of(Check.PROVENANCE_SUBJECT, Check.PROVENANCE_PARAMETERS,
          Check.PROVENANCE_SIGNATURE)) {
        verdicts.add(Verdict.fails(check, e.getMessage()));
      }
      return new Verification(verdicts);
    }
    try {
      BuildRecord statement = ProvenanceStatement.parse(envelope.payload());
      verdicts.add(subject(release, statement));
      verdicts.add(parameters(release, statement));
    } catch (ProvenanceException e) {
      verdicts.add(Verdict.fails(Check.PROVENANCE_SUBJECT, e.getMessage()));
      verdicts.add(Verdict.fails(Check.PROVENANCE_PARAMETERS, e.getMessage()));
    }
    verdicts.add(signature(release, envelope));
    return new Verification(verdicts);
  }

  private static Verdict rebuilt(RecordedRelease release, Evidence evidence) {
    if (!evidence.rebuiltWith().equals(release.parameters())) {
      return Verdict.fails(Check.REBUILT_MATCHES_RECORD, "rebuilt with "
          + evidence.rebuiltWith().describe() + ", not the recorded " + release.parameters().describe());
    }
    return compare(Check.REBUILT_MATCHES_RECORD, "rebuilt zip", evidence.rebuiltSha256(), release);
  }

  private static Verdict stored(RecordedRelease release, Evidence evidence) {
    return evidence.storedSha256()
        .map(sha -> compare(Check.STORED_MATCHES_RECORD, "stored object", sha, release))
        .orElse(Verdict.fails(Check.STORED_MATCHES_RECORD,
            "the stored object " + release.zipName() + " is missing"));
  }

  private static Verdict compare(Check check, String what, String sha256, RecordedRelease release) {
    return sha256.equals(release.sha256())
        ? Verdict.holds(check, what + " sha256 " + sha256 + " is the recorded one")
        : Verdict.fails(check, what + " sha256 " + sha256 + " differs from the recorded "
            + release.sha256());
  }

  private static Envelope envelope(Evidence evidence) throws ProvenanceException {
    byte[] file = evidence.provenance()
        .orElseThrow(() -> new ProvenanceException("the stored provenance is missing"));
    List<Envelope> envelopes = Envelope.parseLines(file);
    if (envelopes.size() != 1) {
      throw new ProvenanceException("the provenance holds " + envelopes.size()
          + " envelopes; layerkit writes one");
    }
    Envelope envelope = envelopes.get(0);
    if (!envelope.payloadType().equals(Envelope.IN_TOTO)) {
      throw new ProvenanceException("the provenance's payload type is " + envelope.payloadType()
          + ", not " + Envelope.IN_TOTO);
    }
    return envelope;
  }

  private static Verdict subject(RecordedRelease release, BuildRecord statement) {
    String name = statement.subject().name();
    String sha256 = statement.subject().sha256();
    if (!sha256.equals(release.sha256())) {
      return Verdict.fails(Check.PROVENANCE_SUBJECT, "the provenance is about sha256 " + sha256
          + ", not the recorded " + release.sha256());
    }
    if (!name.equals(release.zipName())) {
      return Verdict.fails(Check.PROVENANCE_SUBJECT, "the provenance is about " + name
          + ", not " + release.zipName());
    }
    return Verdict.holds(Check.PROVENANCE_SUBJECT, name + " sha256 " + sha256);
  }

  private static Verdict parameters(RecordedRelease release, BuildRecord statement) {
    BuildParameters recorded = release.parameters();
    List<String> differences = new ArrayList<>();
    differ(differences, "source", statement.source(), recorded.source());
    differ(differences, "path", statement.packagePath(), recorded.packagePath());
    differ(differences, "commit", statement.commit().orElse("none"),
        recorded.commit().orElse("none"));
    differ(differences, "timestamp", statement.timestamp().toString(),
        recorded.timestamp().toString());
    if (recorded.ref().isPresent()) {
      differ(differences, "ref", statement.ref().orElse("none"), recorded.ref().get());
    }
    return differences.isEmpty()
        ? Verdict.holds(Check.PROVENANCE_PARAMETERS, "built from " + recorded.describe())
        : Verdict.fails(Check.PROVENANCE_PARAMETERS, String.join("; ", differences));
  }

  private static void differ(List<String> differences, String name, String claimed,
      String recorded) {
    if (!claimed.equals(recorded)) {
      differences.add(name + " is " + claimed + " in the provenance but " + recorded
          + " in the release");
    }
  }

  private Verdict signature(RecordedRelease release, Envelope found) {
    if (!found.isSigned()) {
      return release.attestationKey()
          .map(key -> Verdict.fails(Check.PROVENANCE_SIGNATURE, "the provenance is unsigned, but"
              + " the release was signed with " + key))
          .orElse(Verdict.skipped(Check.PROVENANCE_SIGNATURE,
              "the provenance is unsigned (the release names no attestation key)"));
    }
    if (signatures.isEmpty()) {
      return Verdict.skipped(Check.PROVENANCE_SIGNATURE, "signed by "
          + found.signatures().get(0).keyid() + "; give the key to check the signature");
    }
    SignatureVerifier verifier = signatures.get();
    try {
      for (EnvelopeSignature signature : found.signatures()) {
        if (verifier.verify(found.pae(), signature)) {
          return Verdict.holds(Check.PROVENANCE_SIGNATURE, "signed by " + verifier.describe());
        }
      }
      return Verdict.fails(Check.PROVENANCE_SIGNATURE, "no signature verifies with "
          + verifier.describe() + ": the provenance was changed after signing, or signed by"
          + " another key");
    } catch (IOException e) {
      return Verdict.fails(Check.PROVENANCE_SIGNATURE, "cannot check the signature: "
          + e.getMessage());
    }
  }
}
