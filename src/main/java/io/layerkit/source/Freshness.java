package io.layerkit.source;

/**
 * What a source can tell cheaply about a package compared with the revision its previous release
 * was built from, before fetching a single file.
 *
 * @param verdict same, changed, or unknown
 * @param reason a short human reason, e.g. "folder tree 3f2a… unchanged"
 */
public record Freshness(Verdict verdict, String reason) {

  public enum Verdict {
    /** Provably the same content: the package is unchanged without fetching anything. */
    SAME,
    /** Provably different: fetch and build. */
    CHANGED,
    /** The source cannot tell: fetch, build and compare content digests. */
    UNKNOWN
  }

  public static Freshness same(String reason) {
    return new Freshness(Verdict.SAME, reason);
  }

  public static Freshness changed(String reason) {
    return new Freshness(Verdict.CHANGED, reason);
  }

  public static Freshness unknown(String reason) {
    return new Freshness(Verdict.UNKNOWN, reason);
  }
}
