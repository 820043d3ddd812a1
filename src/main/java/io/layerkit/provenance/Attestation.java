package io.layerkit.provenance;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The provenance file stored beside a layer zip ({@code <key>.intoto.jsonl}): one DSSE envelope
 * per line carrying the {@link ProvenanceStatement}, signed when a signer is given, unsigned (an
 * empty signature list) otherwise.
 */
public final class Attestation {
  private Attestation() {}

  /** {@code requests/requests-20261123223500.zip} -> {@code requests/requests-20261123223500.intoto.jsonl}. */
  public static String keyFor(String zipKey) {
    String stem = zipKey.endsWith(".zip") ? zipKey.substring(0, zipKey.length() - 4) : zipKey;
    return stem + ".intoto.jsonl";
  }

  /** The envelope of {@code build}'s statement, signed by {@code signer} when present. */
  public static Envelope envelope(BuildRecord build, Optional<EnvelopeSigner> signer)
      throws IOException {
    byte[] statement = ProvenanceStatement.toJson(build);
    Envelope unsigned = new Envelope(Envelope.IN_TOTO, statement, List.of());
    if (signer.isEmpty()) {
      return unsigned;
    }
    return new Envelope(Envelope.IN_TOTO, statement, List.of(signer.get().sign(unsigned.pae())));
  }

  /** The file's bytes. */
  public static byte[] write(BuildRecord build, Optional<EnvelopeSigner> signer)
      throws IOException {
    return envelope(build, signer).toJsonLine();
  }
}
