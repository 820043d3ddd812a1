package io.layerkit.retention;

/** Why a layer version or a stored object is kept; each has a stable id for {@code --json}. */
public enum KeepReason {
  CURRENT_RELEASE("current-release", "the current release"),
  NEWEST("newest", "one of the newest"),
  YOUNG("young", "younger than the age kept"),
  USED_BY_FUNCTION("used-by-function", "used by a function in this account and region"),
  USED_IN_ORGANIZATION("used-in-organization", "used by a function the Config aggregator sees"),
  RECENT_RELEASE("recent-release", "recorded by a release that is kept"),
  CONTENT_OF_KEPT_VERSION("kept-version-content", "holds the content of a kept layer version"),
  SIGNED_COPY_OF_KEPT_ZIP("signed-copy-of-kept-zip", "the code-signed copy of a zip that is kept"),
  STORED_RECENTLY("stored-recently", "stored in the last hour: a publish may still record it"),
  CHECKSUM_UNKNOWN("checksum-unknown", "the store reports no SHA-256: what it holds is unknown");

  private final String id;
  private final String description;

  KeepReason(String id, String description) {
    this.id = id;
    this.description = description;
  }

  /** The id in {@code --json}, e.g. {@code used-by-function}. */
  public String id() {
    return id;
  }

  public String description() {
    return description;
  }
}
