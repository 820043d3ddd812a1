package io.layerkit.pipeline;

import io.layerkit.publish.StorageMode;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.StoreException;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Before anything is stored in a region: a layer version that references its object in place
 * reads one object version for its whole life, and AWS Signer signs one object version, so then
 * its store must keep versions.
 */
final class RequireVersionsStep implements Callable<Void> {
  private final ArtifactStore store;
  private final PackageJob job;
  private final boolean signs;

  /** @param signs the run code-signs: AWS Signer reads one object version too */
  RequireVersionsStep(ArtifactStore store, PackageJob job, boolean signs) {
    this.store = store;
    this.job = job;
    this.signs = signs;
  }

  @Override
  public Void call() throws IOException {
    boolean references = job.layer().map(l -> l.storage() == StorageMode.REFERENCE).orElse(false);
    if (references) {
      require("--storage reference needs", "use --storage copy");
    }
    if (signs) {
      require("--signing-profile needs (AWS Signer signs one object version)",
          "leave out --signing-profile");
    }
    return null;
  }

  private void require(String needs, String otherwise) throws IOException {
    if (!store.keepsVersions()) {
      throw new StoreException(store.describe() + " does not keep object versions, which "
          + needs + ": enable versioning on the bucket (aws s3api put-bucket-versioning"
          + " --versioning-configuration Status=Enabled) or " + otherwise);
    }
  }
}
