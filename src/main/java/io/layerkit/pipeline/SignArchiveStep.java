package io.layerkit.pipeline;

import io.layerkit.publish.LayerSigner;
import io.layerkit.publish.SignedLayer;
import io.layerkit.publish.SigningException;
import io.layerkit.publish.SigningRequest;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Code-signs one stored zip with the signer of the store's region, when a signing profile is
 * given, and measures the signed copy (its SHA-256 is what Lambda reports for the layer). One
 * stored object in one region: with several regions, the step runs once per regional store.
 */
final class SignArchiveStep implements Callable<Optional<SignedArchive>> {
  private final Optional<LayerSigner> signer;
  private final ArtifactStore store;
  private final StoredObject stored;
  private final Optional<String> profile;
  private final String invocationId;
  private final StepLog log;

  /** @param invocationId the run's id: a retried run reuses its signing job, a new run does not */
  SignArchiveStep(Optional<LayerSigner> signer, ArtifactStore store, StoredObject stored,
      Optional<String> profile, String invocationId, StepLog log) {
    this.signer = signer;
    this.store = store;
    this.stored = stored;
    this.profile = profile;
    this.invocationId = invocationId;
    this.log = log;
  }

  @Override
  public Optional<SignedArchive> call() throws IOException {
    if (profile.isEmpty()) {
      return Optional.empty();
    }
    LayerSigner regional = signer.orElseThrow(() -> new IllegalStateException(
        "a signing profile is given but the run has no signer"));
    SigningRequest request;
    try {
      request = SigningRequest.of(stored, profile.get(), requestToken());
    } catch (IllegalArgumentException e) {
      throw new SigningException(e.getMessage(), e);
    }
    log.info("sign", "signing " + stored.location() + " with profile " + profile.get());
    SignedLayer signed = regional.sign(request);
    StoredObject copy = store.hashObject(signed.key()).orElseThrow(() -> new SigningException(
        "signing job " + signed.jobId() + " names " + signed.location() + ", which is missing"));
    log.info("sign", "signed copy " + copy.key() + " sha256 " + copy.sha256());
    return Optional.of(new SignedArchive(copy, signed.jobId(), signed.profileVersionArn()));
  }

  /** One token per run and object, within what Signer accepts. */
  private String requestToken() {
    return UUID.nameUUIDFromBytes((invocationId + "\n" + stored.location() + "\n"
        + stored.versionId().orElse("")).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
