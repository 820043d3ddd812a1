package io.layerkit.source.git;

import io.layerkit.source.SourceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * The refs a remote advertised (its {@code ls-remote}), and the rules that turn what the user typed
 * into one {@link FetchTarget}: empty means the default branch (HEAD's target); then exact ref
 * names, branches and tags (a name that is both is refused as ambiguous); then full and
 * abbreviated commit ids.
 */
final class RemoteRefs {
  private static final int MIN_ABBREVIATION = 4;

  private final String remote;
  private final Map<String, Ref> refs;

  RemoteRefs(String remote, Map<String, Ref> advertised) {
    this.remote = remote;
    this.refs = new LinkedHashMap<>(advertised);
  }

  FetchTarget select(Optional<String> ref) throws SourceException {
    String asked = ref.map(String::trim).orElse("");
    if (asked.isEmpty()) {
      return defaultBranch();
    }
    Ref exact = refs.get(asked);
    if (exact != null) {
      return target(exact, describeRef(exact));
    }
    Ref branch = refs.get(Constants.R_HEADS + asked);
    Ref tag = refs.get(Constants.R_TAGS + asked);
    if (branch != null && tag != null) {
      throw new SourceException("ref '" + asked + "' is both a branch and a tag on " + remote
          + ": ask for refs/heads/" + asked + " or refs/tags/" + asked);
    }
    if (branch != null) {
      return target(branch, "branch " + asked);
    }
    if (tag != null) {
      return target(tag, "tag " + asked);
    }
    if (isHex(asked) && asked.length() == Constants.OBJECT_ID_STRING_LENGTH) {
      return byFullId(ObjectId.fromString(asked.toLowerCase(Locale.ROOT)));
    }
    if (isHex(asked) && asked.length() >= MIN_ABBREVIATION) {
      return byAbbreviation(asked.toLowerCase(Locale.ROOT));
    }
    throw notFound(asked, "no branch, tag or commit by that name");
  }

  private FetchTarget defaultBranch() throws SourceException {
    Ref head = refs.get(Constants.HEAD);
    if (head == null || head.getObjectId() == null) {
      throw new SourceException(remote + " advertises no default branch (HEAD):"
          + " the repository is empty or HEAD is unborn; pass a branch, tag or commit as the ref");
    }
    String label = head.isSymbolic()
        ? "default branch " + Repository.shortenRefName(head.getTarget().getName())
        : "HEAD";
    return target(head, label);
  }

  private FetchTarget byFullId(ObjectId id) {
    for (Ref ref : refs.values()) {
      if (id.equals(ref.getObjectId()) || id.equals(ref.getPeeledObjectId())) {
        return new FetchTarget(ref, id, true, "commit " + id.name());
      }
    }
    Ref synthetic = new ObjectIdRef.Unpeeled(Ref.Storage.NETWORK, id.name(), id);
    return new FetchTarget(synthetic, id, false, "commit " + id.name());
  }

  private FetchTarget byAbbreviation(String prefix) throws SourceException {
    Map<ObjectId, Ref> matches = new LinkedHashMap<>();
    for (Ref ref : refs.values()) {
      ObjectId commit = commitOf(ref);
      if (commit != null && commit.name().startsWith(prefix)) {
        matches.putIfAbsent(commit, ref);
      }
    }
    if (matches.isEmpty()) {
      throw notFound(prefix, "an abbreviated commit id only resolves when it is the tip of a branch"
          + " or tag; give the full 40-character id");
    }
    if (matches.size() > 1) {
      List<String> ids = new ArrayList<>();
      matches.keySet().forEach(id -> ids.add(id.name()));
      throw new SourceException("abbreviated commit id '" + prefix + "' is ambiguous on " + remote
          + ": it matches " + String.join(", ", ids));
    }
    Map.Entry<ObjectId, Ref> only = matches.entrySet().iterator().next();
    return new FetchTarget(only.getValue(), only.getKey(), true, "commit " + only.getKey().name());
  }

  private FetchTarget target(Ref ref, String label) {
    return new FetchTarget(ref, commitOf(ref), true, label);
  }

  /**
   * The commit a ref ends at as far as the advertisement tells: an annotated tag's peeled id. A
   * ref without a peeled id is taken at its own id and checked once the objects arrived.
   */
  private static ObjectId commitOf(Ref ref) {
    Ref leaf = ref.getLeaf();
    return leaf.getPeeledObjectId() != null ? leaf.getPeeledObjectId() : leaf.getObjectId();
  }

  private SourceException notFound(String asked, String why) {
    return new SourceException("ref '" + asked + "' not found on " + remote + ": " + why);
  }

  private static String describeRef(Ref ref) {
    String name = ref.getName();
    if (name.startsWith(Constants.R_HEADS)) {
      return "branch " + name.substring(Constants.R_HEADS.length());
    }
    if (name.startsWith(Constants.R_TAGS)) {
      return "tag " + name.substring(Constants.R_TAGS.length());
    }
    return name;
  }

  private static boolean isHex(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.digit(text.charAt(i), 16) < 0) {
        return false;
      }
    }
    return !text.isEmpty();
  }
}
