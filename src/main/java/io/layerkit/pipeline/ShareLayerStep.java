package io.layerkit.pipeline;

import io.layerkit.publish.PublishedLayer;
import io.layerkit.registry.Release;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Grants new share targets on a region's current layer version, whose content and fixed
 * settings still stand, and records the release with them: no new version, no new object.
 */
final class ShareLayerStep implements Callable<Release> {
  private final RegionParts region;
  private final PackageJob job;
  private final RegionVerdict verdict;
  private final StepLog log;

  ShareLayerStep(RegionParts region, PackageJob job, RegionVerdict verdict, StepLog log) {
    this.region = region;
    this.job = job;
    this.verdict = verdict;
    this.log = log;
  }

  @Override
  public Release call() throws IOException {
    Release current = verdict.previous().orElseThrow();
    String arn = current.layerVersionArn();
    log.info("publish", "granting " + String.join(", ", verdict.missingShare()) + " on " + arn);
    region.publisher().orElseThrow().share(job.name(), PublishedLayer.existing(arn),
        verdict.missingShare());
    // a grant once given stays: the record lists every target the version is shared with
    List<String> share = new ArrayList<>(new LinkedHashSet<>(current.publishedWith().share()));
    verdict.missingShare().forEach(share::add);
    Release release = current.withShare(share);
    region.registry().record(release);
    log.info("record", "recorded the grants of " + release.name());
    return release;
  }
}
