package io.layerkit.verify;

import java.util.List;

/** Every check's verdict for one release, in {@link Check} order. */
public record Verification(List<Verdict> verdicts) {

  public Verification {
    verdicts = List.copyOf(verdicts);
  }

  /** Whether no check fails ({@code layerkit verify} exits 0 only then). */
  public boolean holds() {
    return verdicts.stream().noneMatch(v -> v.outcome() == Verdict.Outcome.FAILS);
  }

  public Verdict of(Check check) {
    return verdicts.stream().filter(v -> v.check() == check).findFirst().orElseThrow();
  }
}
