package io.layerkit.pipeline;

import io.layerkit.registry.Release;

/**
 * Whether a package's current release may stand at all, content aside: the skip rule of the
 * freshness step; {@link ConfirmReleaseStep} decides the rest, region by region.
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
}
