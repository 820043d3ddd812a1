package io.layerkit.sbom;

import io.layerkit.archive.ArchiveProgress;
import io.layerkit.archive.ArchiveResult;
import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.ContentObserver;
import io.layerkit.archive.ReproducibleZipArchiver;
import io.layerkit.source.Revision;
import io.layerkit.source.local.LocalDirectorySource;
import io.layerkit.tree.PackageTree;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A package folder built the way the pipeline will build it: listed by the local folder source,
 * zipped by the real archiver with a {@link DistributionCollector} observing the passing bytes,
 * and its SBOM written from what the collector found.
 *
 * @param archive the zip
 * @param distributions what the collector found while the zip was written
 */
record ObservedBuild(ArchiveResult archive, List<Distribution> distributions) {
  static final Instant TIMESTAMP = Instant.parse("2026-11-23T22:35:01Z");
  static final String TOOL_VERSION = "0.1.0-test";

  static ObservedBuild of(Path root, String packagePath, Path zip, int threads) throws IOException {
    try (LocalDirectorySource source = new LocalDirectorySource(root)) {
      Revision revision = source.resolve(Optional.empty());
      PackageTree tree = source.list(revision, packagePath);
      DistributionCollector collector = new DistributionCollector();
      ArchiveResult result = new ReproducibleZipArchiver(
          ArchiveSettings.defaults().withTimestamp(TIMESTAMP).withConcurrency(threads))
          .archive(tree, ContentObserver.observing(
              entry -> source.open(revision, packagePath, entry), collector),
              zip, ArchiveProgress.NONE);
      return new ObservedBuild(result, collector.distributions());
    }
  }

  /** The SBOM as a build without commit or source (a plain folder) would store it. */
  byte[] sbom(String packageName) {
    return CycloneDxSbom.write(new LayerSubject(packageName, archive.sha256(), TIMESTAMP,
        Optional.empty(), Optional.empty(), Optional.empty(), TOOL_VERSION), distributions);
  }

  List<Distribution> ofKind(Distribution.Kind kind) {
    return distributions.stream().filter(d -> d.kind() == kind).toList();
  }
}
