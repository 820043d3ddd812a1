package io.layerkit.pipeline;

import io.layerkit.publish.LayerPublisher;
import io.layerkit.registry.Release;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Decides what one region needs for a package whose content digest is known: its release stands
 * only when it has that content, was published with the same fixed settings, and its object and
 * layer version still exist, asked of the store (one HEAD) and of Lambda (one GetLayerVersion),
 * not of our own record: something deleted by hand is noticed and made again.
 */
final class ConfirmReleaseStep implements Callable<RegionVerdict> {
  private final RegionParts region;
  private final PackageJob job;
  private final Optional<Release> previous;
  private final Comparison comparison;
  private final String contentDigest;
  private final Optional<String> sameBecause;

  /**
   * @param contentDigest the package's content digest now
   * @param sameBecause how the source proved the content unchanged, when it did without a build
   */
  ConfirmReleaseStep(RegionParts region, PackageJob job, Optional<Release> previous,
      Comparison comparison, String contentDigest, Optional<String> sameBecause) {
    this.region = region;
    this.job = job;
    this.previous = previous;
    this.comparison = comparison;
    this.contentDigest = contentDigest;
    this.sameBecause = sameBecause;
  }

  @Override
  public RegionVerdict call() throws IOException {
    if (previous.isEmpty()) {
      return rebuild("no release recorded yet");
    }
    Release release = previous.get();
    if (comparison.force()) {
      return rebuild("--force");
    }
    if (!contentDigest.equals(release.contentDigest())) {
      return rebuild("content changed since " + release.name());
    }
    if (comparison.needsLayer() && release.layerVersionArn() == null) {
      return rebuild("no layer version published yet");
    }
    if (comparison.needsSignature() && release.signedKey() == null) {
      return rebuild("not code-signed yet");
    }
    Optional<PackageJob.LayerSettings> layer = job.layer().filter(l -> comparison.needsLayer());
    if (layer.isPresent() && release.publishedWith() == null) {
      return rebuild(release.name() + " does not record the settings it was published with");
    }
    Optional<String> fixed = layer.flatMap(l -> SettingsChange.fixedPart(release.publishedWith(), l));
    if (fixed.isPresent()) {
      return rebuild(fixed.get());
    }
    Optional<StoredObject> object = region.store().find(release.key());
    if (object.isEmpty() || !release.sha256().equals(object.get().sha256())) {
      return rebuild("the recorded object " + release.location() + " is gone");
    }
    if (layer.isPresent() && publisher().find(release.layerVersionArn()).isEmpty()) {
      return rebuild("the recorded layer version " + release.layerVersionArn() + " is gone");
    }
    List<String> missing = layer.map(l -> SettingsChange.missingShare(release.publishedWith(), l))
        .orElse(List.of());
    return missing.isEmpty()
        ? RegionVerdict.stands(release,
            sameBecause.orElse("content digest unchanged since " + release.name()))
        : RegionVerdict.share(release, missing);
  }

  private RegionVerdict rebuild(String reason) {
    return RegionVerdict.rebuild(previous, reason);
  }

  private LayerPublisher publisher() {
    return region.publisher().orElseThrow(() -> new IllegalStateException(
        "package " + job.name() + " asks for a layer but the region has no publisher"));
  }
}
