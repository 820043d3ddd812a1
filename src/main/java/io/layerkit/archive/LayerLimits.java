package io.layerkit.archive;

/**
 * Lambda's layer quotas that layerkit checks.
 *
 * <p>Lambda's documentation gives them in "MB", but they are binary: a layer over the limit is
 * refused with "Unzipped size must be smaller than 262144000 bytes" (250 MiB), and a direct upload
 * with "Request must be smaller than 69905067 bytes" (50 MiB, base64-encoded in the request).
 *
 * @param maxUnzippedBytes the function plus all its layers unzipped may not exceed this (250 MiB)
 * @param maxDirectUploadBytes a zip above this cannot be uploaded directly, only through S3
 *     (50 MiB)
 */
public record LayerLimits(long maxUnzippedBytes, long maxDirectUploadBytes) {

  /** One mebibyte (MiB): 1,048,576 bytes. */
  public static final long MB = 1024L * 1024L;

  public static LayerLimits lambdaDefaults() {
    return new LayerLimits(250 * MB, 50 * MB);
  }
}
