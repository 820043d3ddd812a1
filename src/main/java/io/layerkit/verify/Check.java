package io.layerkit.verify;

/** The checks of {@code layerkit verify}, in the order they are reported. */
public enum Check {
  /** The zip rebuilt from the recorded parameters is byte for byte the recorded one. */
  REBUILT_MATCHES_RECORD("rebuilt zip"),
  /** The stored object is the recorded zip. */
  STORED_MATCHES_RECORD("stored zip"),
  /** The provenance's subject is the recorded zip. */
  PROVENANCE_SUBJECT("provenance subject"),
  /** The provenance's parameters are the release's. */
  PROVENANCE_PARAMETERS("provenance parameters"),
  /** The provenance is signed by the release's key. */
  PROVENANCE_SIGNATURE("provenance signature");

  private final String label;

  Check(String label) {
    this.label = label;
  }

  /** How a verdict line names it. */
  public String label() {
    return label;
  }
}
