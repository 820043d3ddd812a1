package io.layerkit.verify;

/**
 * The outcome of one check, with a line that says why.
 *
 * @param check what was checked
 * @param outcome whether it holds
 * @param detail one line: what was compared, or what is missing
 */
public record Verdict(Check check, Outcome outcome, String detail) {

  /** Whether a check holds, fails, or could not apply (an unsigned release has no signature). */
  public enum Outcome { HOLDS, FAILS, SKIPPED }

  static Verdict holds(Check check, String detail) {
    return new Verdict(check, Outcome.HOLDS, detail);
  }

  static Verdict fails(Check check, String detail) {
    return new Verdict(check, Outcome.FAILS, detail);
  }

  static Verdict skipped(Check check, String detail) {
    return new Verdict(check, Outcome.SKIPPED, detail);
  }

  /** {@code FAILS  stored zip: ...}, the line {@code layerkit verify} prints. */
  public String line() {
    return String.format("%-7s %s: %s", outcome, check.label(), detail);
  }
}
