package io.layerkit.source.bitbucket;

import io.layerkit.source.RequestEstimate;

/**
 * What listing a folder through the {@code src} endpoint costs, guessed from its file count alone
 * before it is listed. Installed package trees hold about one folder for every two files (the AWS
 * SDK for Python: 2,041 files in 901 folders), so a folder of {@code n} files lists about
 * {@code 1.5 n} entries, 100 a page. Listed one folder at a time, every folder costs a request of
 * its own; listed with {@code max_depth}, the pages are shared.
 */
final class ListingCost {
  static final double ENTRIES_PER_FILE = 1.5;

  private ListingCost() {}

  /** Listing pages plus one request per file, for a folder of {@code files} files. */
  static RequestEstimate beforeListing(int files, int depth, String basis) {
    long entries = (long) Math.ceil(files * ENTRIES_PER_FILE);
    long pages = Math.max(1, (entries + ApiUrls.PAGE_LENGTH - 1) / ApiUrls.PAGE_LENGTH);
    long listing = depth > 1 ? pages : pages + (entries - files);
    return new RequestEstimate(listing, files, basis);
  }
}
