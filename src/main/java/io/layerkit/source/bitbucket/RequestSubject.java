package io.layerkit.source.bitbucket;

import io.layerkit.source.BitbucketRepo;

/**
 * What a request is about, so that a failure can be told in one line naming the repository, the
 * ref or commit and the path.
 *
 * @param kind what was asked for
 * @param revision the ref or commit it was asked at, or {@code null}
 * @param path the repository path, or {@code null}
 */
record RequestSubject(Kind kind, String revision, String path) {

  enum Kind {
    REPOSITORY,
    REF,
    FOLDER,
    FILE,
    DIFF
  }

  static RequestSubject repository() {
    return new RequestSubject(Kind.REPOSITORY, null, null);
  }

  static RequestSubject ref(String name) {
    return new RequestSubject(Kind.REF, name, null);
  }

  static RequestSubject folder(String revision, String folder) {
    return new RequestSubject(Kind.FOLDER, revision, folder);
  }

  static RequestSubject file(String revision, String path) {
    return new RequestSubject(Kind.FILE, revision, path);
  }

  static RequestSubject diff(String range, String folder) {
    return new RequestSubject(Kind.DIFF, range, folder);
  }

  /** How a pinned revision is named in messages: {@code 3f2a9c01b7de (ref main)}. */
  static String display(io.layerkit.source.Revision revision) {
    String commit = abbreviate(revision.commit());
    return revision.ref().filter(ref -> !ref.equals(revision.commit()))
        .map(ref -> commit + " (ref " + ref + ")")
        .orElse(commit);
  }

  /** Twelve hex digits: short enough to read, long enough never to be ambiguous in practice. */
  static String abbreviate(String commit) {
    return commit == null || commit.length() <= 12 ? String.valueOf(commit) : commit.substring(0, 12);
  }

  /** e.g. {@code acme/platform at 3f2a9c01b7de (ref main), folder 'lambda/layers/x'}. */
  String describe(BitbucketRepo repo) {
    StringBuilder out = new StringBuilder(repo.toString());
    if (revision != null) {
      out.append(kind == Kind.REF ? ", ref '" : " at ").append(revision);
      if (kind == Kind.REF) {
        out.append('\'');
      }
    }
    if (path != null) {
      out.append(kind == Kind.FILE ? ", file '" : ", folder '")
          .append(path.isEmpty() ? "/" : io.layerkit.tree.PathRules.printable(path))
          .append('\'');
    }
    return out.toString();
  }
}
