package io.layerkit.sbom;

import io.layerkit.archive.ContentObserver;
import io.layerkit.tree.TreeEntry;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the distributions a layer holds from the files that describe them
 * ({@link DistributionPaths}), as their bytes pass the archiver (or a zip reader): Python core
 * metadata, Node {@code package.json}, jars. Safe for the archiver's concurrent workers; a file
 * seen again replaces what was found in it before.
 */
public final class DistributionCollector implements ContentObserver {
  /** What each file turned out to describe, by its path; empty when it named nothing. */
  private final Map<String, Optional<Distribution>> byLocation = new ConcurrentHashMap<>();

  @Override
  public boolean wants(TreeEntry entry) {
    return DistributionPaths.match(entry).isPresent();
  }

  @Override
  public Observation observe(TreeEntry entry, InputStream content) {
    DistributionPaths.Match match = DistributionPaths.match(entry).orElseThrow(
        () -> new IllegalArgumentException(entry.path() + " describes no distribution"));
    String location = entry.path();
    return switch (match.kind()) {
      case PYTHON_METADATA -> new SmallFileObservation(content, bytes -> byLocation.put(location,
          CoreMetadata.parse(bytes).distribution(location, match.name(), match.version())));
      case NODE_PACKAGE -> new SmallFileObservation(content, bytes -> byLocation.put(location,
          PackageJson.distribution(bytes, location, match.name())));
      case JAR -> new JarObservation(content, location, match.name(),
          jar -> byLocation.put(location, Optional.of(jar)));
    };
  }

  /**
   * Every distribution found so far, once each (a package installed in several places lists all
   * its locations), in {@link Distribution#ORDER}.
   */
  public List<Distribution> distributions() {
    Map<String, Distribution> byIdentity = new LinkedHashMap<>();
    // in path order, so which copy of a package speaks for it never depends on timing
    new TreeMap<>(byLocation).values().stream().flatMap(Optional::stream).forEach(found ->
        byIdentity.merge(found.identity(), found,
            (first, again) -> first.withLocations(again.locations())));
    List<Distribution> sorted = new ArrayList<>(byIdentity.values());
    sorted.sort(Distribution.ORDER);
    return List.copyOf(sorted);
  }
}
