package io.layerkit.source;

import java.util.Optional;

/**
 * A ref pinned to one immutable revision. Every listing and download of a run uses
 * {@link #commit}, never the moving ref it came from.
 *
 * @param ref what the user asked for (branch, tag, commit), or empty for the default
 * @param commit the full commit id, or {@code null} for a plain folder that has none
 */
public record Revision(Optional<String> ref, String commit) {

  public static Revision ofFolder() {
    return new Revision(Optional.empty(), null);
  }

  public Optional<String> commitId() {
    return Optional.ofNullable(commit);
  }
}
