package io.layerkit.pipeline;

import io.layerkit.publish.StorageMode;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.StoreException;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Before anything is stored in a region: a layer version that references its object in place
 * reads one object version for its whole life, so its store must keep versions.
 */
final class RequireVersionsStep implements Callable<Void> {
  private final ArtifactStore store;
  private final PackageJob job;

  RequireVersionsStep(ArtifactStore store, PackageJob job) {
    this.store = store;
    this.job = job;
  }

  @Override
  public Void call() throws IOException {
    boolean references = job.layer().map(l -> l.storage() == StorageMode.REFERENCE).orElse(false);
    if (references && !store.keepsVersions()) {
      throw new StoreException(store.describe() + " does not keep object versions, which"
          + " --storage reference needs: enable versioning on the bucket (aws s3api"
          + " put-bucket-versioning --versioning-configuration Status=Enabled) or use --storage copy");
    }
    return null;
  }
}
