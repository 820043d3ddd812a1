package io.layerkit.publish;

import java.util.Objects;
import java.util.Optional;

/**
 * A stored zip to sign, and where the signed copy goes.
 *
 * @param bucket the bucket holding the zip (versioned: signing reads one object version)
 * @param key the zip's key
 * @param versionId the object version to sign
 * @param destinationBucket where the signed copy is written (may be the same bucket)
 * @param destinationPrefix key prefix of the signed copy, e.g. {@code layers/requests/signed/}
 * @param profileName the signing profile
 * @param profileOwner the account owning the profile, when it is shared from another account
 * @param requestToken idempotency token: the same token returns the same job, so pass the run's
 *     id (a retried invocation reuses its job; a new run starts a new one)
 */
public record SigningRequest(String bucket, String key, String versionId, String destinationBucket,
    String destinationPrefix, String profileName, Optional<String> profileOwner,
    String requestToken) {

  public SigningRequest {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(destinationBucket, "destinationBucket");
    Objects.requireNonNull(destinationPrefix, "destinationPrefix");
    Objects.requireNonNull(requestToken, "requestToken");
    if (versionId == null || versionId.isBlank()) {
      throw new IllegalArgumentException("s3://" + bucket + "/" + key + " has no version id: code"
          + " signing reads one object version, so the bucket must have versioning enabled");
    }
    if (profileName == null || !profileName.matches("[a-zA-Z0-9_]{2,64}")) {
      throw new IllegalArgumentException("signing profile name '" + profileName + "' is not valid:"
          + " use 2 to 64 letters, digits and underscores, as AWS Signer names profiles");
    }
  }
}
