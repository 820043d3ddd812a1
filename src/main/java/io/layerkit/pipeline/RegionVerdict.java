package io.layerkit.pipeline;

import io.layerkit.registry.Release;
import java.util.List;
import java.util.Optional;

/**
 * What one region needs for a package: nothing (its release stands), grants on its current
 * layer version, or a new release (store, publish, record); or the region failed to tell.
 *
 * @param kind which of the three
 * @param reason why, for the report and the log
 * @param previous the region's current release, if any
 * @param missingShare share targets the current version is not granted to yet ({@link Kind#SHARE})
 */
record RegionVerdict(Kind kind, String reason, Optional<Release> previous,
    List<String> missingShare) {

  enum Kind { STANDS, SHARE, REBUILD, FAILED }

  RegionVerdict {
    missingShare = List.copyOf(missingShare);
  }

  static RegionVerdict stands(Release previous, String reason) {
    return new RegionVerdict(Kind.STANDS, reason, Optional.of(previous), List.of());
  }

  static RegionVerdict share(Release previous, List<String> missing) {
    return new RegionVerdict(Kind.SHARE, "content unchanged since " + previous.name()
        + "; grants to add: " + String.join(", ", missing), Optional.of(previous), missing);
  }

  static RegionVerdict rebuild(Optional<Release> previous, String reason) {
    return new RegionVerdict(Kind.REBUILD, reason, previous, List.of());
  }

  /** The region's release or its layer version could not be read: that region fails. */
  static RegionVerdict failed(String error) {
    return new RegionVerdict(Kind.FAILED, error, Optional.empty(), List.of());
  }

  boolean needsArchive() {
    return kind == Kind.REBUILD;
  }
}
