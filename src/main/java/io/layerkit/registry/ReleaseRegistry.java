package io.layerkit.registry;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Records which release is current for each package, and keeps the history. */
public interface ReleaseRegistry {

  /** A secret-free description, e.g. {@code ssm:/layers}. */
  String describe();

  Optional<Release> current(String packageName) throws IOException;

  /** Every release of the package, oldest first. */
  List<Release> history(String packageName) throws IOException;

  /** The current release of every package, sorted by package name. */
  List<Release> currentReleases() throws IOException;

  /** Makes {@code release} the package's current release; atomic, safe against concurrent runs. */
  void record(Release release) throws IOException;
}
