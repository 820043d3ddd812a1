package io.layerkit.source.git;

/**
 * {@link GitSource} reading repositories made by {@code git} through {@code git+file://}, from a
 * remote that does not offer partial fetches (Git's default).
 */
class GitSourceOverFileTest extends GitSourceContract {
  @Override
  boolean offersPartialFetch() {
    return false;
  }

  @Override
  String sourceUri(FixtureRepository repository) {
    return repository.fileSourceUri();
  }
}
