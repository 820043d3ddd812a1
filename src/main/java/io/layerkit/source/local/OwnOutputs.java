package io.layerkit.source.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What layerkit itself writes, which is never part of a package even when it lies inside one (a
 * run started from the package folder): any {@code .layerkit} folder (the default store and
 * registry live there), and the folders and files the run was told to write to ({@code --out},
 * a {@code file:} store, a {@code file:} registry with its lock and temporary files beside it).
 * Otherwise each run would zip the previous run's output and never be {@code unchanged}.
 */
final class OwnOutputs {
  static final String LAYERKIT_FOLDER = ".layerkit";

  private final Set<Path> paths = new HashSet<>();

  OwnOutputs(Collection<Path> outputs) {
    for (Path output : outputs) {
      Path absolute = output.toAbsolutePath().normalize();
      paths.add(absolute);
      if (Files.exists(absolute)) {
        try {
          paths.add(absolute.toRealPath()); // the same place reached through a linked folder
        } catch (java.io.IOException e) {
          // unreadable now: the walk reports what it cannot read
        }
      }
    }
  }

  /** Whether {@code path} (absolute) is one of them, or a companion file of one. */
  boolean contains(Path path) {
    if (paths.contains(path) || path.getFileName().toString().equals(LAYERKIT_FOLDER)) {
      return true;
    }
    String name = path.getFileName().toString();
    for (Path output : paths) {
      // releases.json.lock, releases.json.<uuid>.tmp beside releases.json
      if (output.getParent() != null && output.getParent().equals(path.getParent())
          && name.startsWith(output.getFileName() + ".")) {
        return true;
      }
    }
    return false;
  }
}
