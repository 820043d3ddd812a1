package io.layerkit.source;

/**
 * What listing and fetching one package folder costs a remote that counts requests, such as the
 * Bitbucket API's hourly budget.
 *
 * @param listing requests that list the folder (already spent once the folder is listed)
 * @param files requests that fetch the files, one each
 * @param basis what the figures come from, e.g. {@code "the listing"} or
 *     {@code "the previous release's 2041 files"}
 */
public record RequestEstimate(long listing, long files, String basis) {

  public RequestEstimate {
    if (listing < 0 || files < 0) {
      throw new IllegalArgumentException("request counts cannot be negative");
    }
  }

  public long total() {
    return listing + files;
  }
}
