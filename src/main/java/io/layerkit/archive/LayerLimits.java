package io.layerkit.archive;

/**
 * Lambda's layer quotas that layerkit checks.
 *
 * @param maxUnzippedBytes the function plus all its layers unzipped may not exceed this (250 MB)
 * @param maxDirectUploadBytes a zip above this cannot be uploaded directly, only through S3 (50 MB)
 */
public record LayerLimits(long maxUnzippedBytes, long maxDirectUploadBytes) {

  public static final long MB = 1024L * 1024L;

  public static LayerLimits lambdaDefaults() {
    return new LayerLimits(250 * MB, 50 * MB);
  }
}
