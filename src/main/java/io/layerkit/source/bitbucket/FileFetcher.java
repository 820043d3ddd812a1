package io.layerkit.source.bitbucket;

import io.layerkit.tree.PathRules;
import java.io.IOException;
import java.io.InputStream;

/**
 * Opens one file's bytes at a pinned commit: a request slot held while the body is read, the
 * file's own bound of attempts, and a {@link ContentStream} that checks the size and resumes a
 * body cut short.
 */
final class FileFetcher {
  private final BitbucketSettings settings;
  private final ApiUrls urls;
  private final BitbucketHttp http;
  private final StallWatchdog watchdog;

  FileFetcher(BitbucketSettings settings, ApiUrls urls, BitbucketHttp http,
      StallWatchdog watchdog) {
    this.settings = settings;
    this.urls = urls;
    this.http = http;
    this.watchdog = watchdog;
  }

  /**
   * @param display how the revision is named in messages
   * @param path the file's repository path
   * @param size the listed size, which the bytes must match
   * @param lfs whether the listing marked it a Git LFS file
   */
  InputStream open(String commit, String display, String path, long size, boolean lfs)
      throws IOException {
    String where = "'" + PathRules.printable(path) + "' in " + settings.repo() + " at " + display;
    RequestSubject subject = RequestSubject.file(display, path);
    Retries.Attempts attempts = http.attempts();
    ContentStream.Refetch fetch = () -> http.download(urls.file(commit, path), subject, attempts);
    BitbucketHttp.Slot slot = http.acquireSlot();
    try {
      Download first = fetch.get();
      ContentStream.checkLength(first, where, size, lfs);
      return new ContentStream(where, size, lfs, first, fetch, attempts, slot, watchdog);
    } catch (IOException | RuntimeException e) {
      slot.close();
      throw e;
    }
  }
}
