package io.layerkit.source.git;

/** {@link GitSource} reading repositories made by {@code git} through {@code git+file://}. */
class GitSourceOverFileTest extends GitSourceContract {
  @Override
  String sourceUri(FixtureRepository repository) {
    return repository.fileSourceUri();
  }
}
