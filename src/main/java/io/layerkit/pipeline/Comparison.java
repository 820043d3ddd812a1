package io.layerkit.pipeline;

import io.layerkit.archive.ArchiveResult;
import io.layerkit.registry.Release;
import java.util.Optional;

/**
 * When a package's current release still stands, and why a new one is made: the skip rule of
 * the freshness and compare steps, in one place.
 *
 * @param force {@code --force}: never reuse
 * @param needsLayer the run publishes a layer version, which the release must then have
 * @param needsSignature the run code-signs, so the release must have a signed copy (a consumer
 *     that enforces code signing cannot use an unsigned one); signing itself never makes a
 *     release differ, the content digest decides
 */
record Comparison(boolean force, boolean needsLayer, boolean needsSignature) {

  /** Whether {@code previous} may stand for this run's release, content aside. */
  boolean mayReuse(Release previous) {
    return !force && (!needsLayer || previous.layerVersionArn() != null)
        && (!needsSignature || previous.signedKey() != null);
  }

  /** The reason the current release stands for {@code archive}, when it does. */
  Optional<String> unchanged(Optional<Release> previous, ArchiveResult archive) {
    return previous.filter(this::mayReuse)
        .filter(p -> archive.contentDigest().equals(p.contentDigest()))
        .map(p -> "content digest unchanged since " + p.name());
  }

  /** Why a new release is made for {@code archive}. */
  String whyChanged(Optional<Release> previous, ArchiveResult archive) {
    if (previous.isEmpty()) {
      return "no release recorded yet";
    }
    if (force) {
      return "--force";
    }
    if (!archive.contentDigest().equals(previous.get().contentDigest())) {
      return "content changed since " + previous.get().name();
    }
    if (needsLayer && previous.get().layerVersionArn() == null) {
      return "no layer version published yet";
    }
    return "not code-signed yet";
  }
}
