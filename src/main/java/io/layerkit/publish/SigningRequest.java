package io.layerkit.publish;

import io.layerkit.store.StoredObject;
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

  /**
   * Signing one stored zip: the object version in its bucket, the signed copy written to
   * {@code signed/} beside it ({@code layers/requests/signed/}).
   *
   * @throws IllegalArgumentException when the object is not in S3, or not one version of it
   */
  public static SigningRequest of(StoredObject object, String profileName, String requestToken) {
    String location = object.location();
    if (!location.startsWith("s3://") || location.indexOf('/', "s3://".length()) < 0) {
      throw new IllegalArgumentException(location + " is not in S3: code signing reads and writes"
          + " objects of a versioned S3 bucket; store with --store s3://BUCKET/PREFIX");
    }
    String bucket = location.substring("s3://".length(), location.indexOf('/', "s3://".length()));
    String folder = object.key().substring(0, object.key().lastIndexOf('/') + 1);
    return new SigningRequest(bucket, object.key(), object.versionId().orElse(null), bucket,
        folder + "signed/", profileName, Optional.empty(), requestToken);
  }
}
