package io.layerkit.publish;

/**
 * The signed copy of a layer zip.
 *
 * @param bucket the bucket it was written to
 * @param key its key
 * @param jobId the signing job that made it
 * @param profileVersionArn the signing profile version that signed it: what a CodeSigningConfig
 *     lists as an allowed publisher
 */
public record SignedLayer(String bucket, String key, String jobId, String profileVersionArn) {

  public String location() {
    return "s3://" + bucket + "/" + key;
  }
}
