package io.layerkit.archive;

/**
 * How a layer's zip reaches Lambda, which decides whether its size can be a problem: Lambda takes
 * at most 50 MiB in a request, but reads a zip of any size (within the unzipped limit) from S3.
 */
public enum LayerRoute {
  /** Not known (build, inspect): the zip may go either way. */
  UNDECIDED,
  /** In the request itself: how layerkit publishes a zip from a {@code file:} store. */
  DIRECT_UPLOAD,
  /**
   * In the request itself, by this run ({@code file:} store, publishing): over the limit it
   * cannot be published, so it is refused before anything is stored.
   */
  DIRECT_UPLOAD_NOW,
  /** Read by Lambda from S3: how layerkit publishes a zip from an {@code s3://} store. */
  THROUGH_S3
}
