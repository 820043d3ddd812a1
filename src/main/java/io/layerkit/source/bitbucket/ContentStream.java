package io.layerkit.source.bitbucket;

import io.layerkit.source.SourceException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Optional;

/**
 * One file's bytes as they arrive, never buffered whole. It yields exactly the listed size or
 * fails naming the path: a body cut short, broken or silent for too long is fetched again and the
 * bytes already handed out are skipped (content at a commit cannot change; the ETag is compared to
 * be sure). Every request for the file, the first one and its retries included, counts against
 * the file's one {@link Retries.Attempts}; a body longer than listed fails at once. The request
 * slot is held until the body is finished, fails or is closed.
 */
final class ContentStream extends InputStream implements StallWatchdog.Watched {

  /** Fetches the same content again, with the usual retries. */
  interface Refetch {
    Download get() throws IOException;
  }

  private final String where;
  private final long expected;
  private final boolean lfs;
  private final Refetch refetch;
  private final Retries.Attempts attempts;
  private final BitbucketHttp.Slot slot;
  private final StallWatchdog watchdog;
  private final Optional<String> etag;
  private final byte[] scratch = new byte[8192];

  private volatile Download current;
  private long delivered;
  private long toSkip;
  private boolean done;
  private volatile long busySince = Long.MAX_VALUE;
  private volatile boolean stalled;

  /**
   * @param where how to name the file in messages, e.g. {@code 'a/b.py' in ws/repo at 3f2a9c01b7de}
   * @param first the first answer, already checked with {@link #checkLength}
   * @param attempts the file's attempts, the first answer's included
   */
  ContentStream(String where, long expected, boolean lfs, Download first, Refetch refetch,
      Retries.Attempts attempts, BitbucketHttp.Slot slot, StallWatchdog watchdog) {
    this.where = where;
    this.expected = expected;
    this.lfs = lfs;
    this.current = first;
    this.refetch = refetch;
    this.attempts = attempts;
    this.slot = slot;
    this.watchdog = watchdog;
    this.etag = first.etag();
    watchdog.watch(this);
  }

  /** Fails when the server declares a length other than the listed size: no retry changes that. */
  static void checkLength(Download download, String where, long expected, boolean lfs)
      throws SourceException {
    if (download.contentLength().isPresent() && download.contentLength().getAsLong() != expected) {
      closeQuietly(download.body());
      throw new SourceException(where + ": Bitbucket sends " + download.contentLength().getAsLong()
          + " bytes but listed " + expected + lfsHint(lfs));
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
    if (done) {
      if (delivered == expected && current == null) {
        return -1;
      }
      throw new IOException("stream closed");
    }
    if (length == 0) {
      return 0;
    }
    while (true) {
      boolean skipping = toSkip > 0;
      byte[] into = skipping ? scratch : buffer;
      int at = skipping ? 0 : offset;
      // Ask for one byte more than remains, so a body longer than listed shows at once.
      int ask = (int) (skipping ? Math.min(scratch.length, toSkip)
          : Math.min(length, expected - delivered + 1));
      IOException problem = null;
      int n;
      busySince = System.nanoTime();
      try {
        n = current.body().read(into, at, ask);
      } catch (IOException e) {
        problem = e;
        n = 0;
      } finally {
        busySince = Long.MAX_VALUE;
      }
      if (stalled) {
        stalled = false;
        problem = new IOException("no data for longer than the read timeout");
      } else if (problem == null && n > 0) {
        if (skipping) {
          toSkip -= n;
          continue;
        }
        if (delivered + n > expected) {
          throw fail(new SourceException(where + ": Bitbucket sent more than the " + expected
              + " bytes it listed" + lfsHint(lfs)));
        }
        delivered += n;
        return n;
      } else if (problem == null && n < 0) {
        if (!skipping && delivered == expected) {
          finish();
          return -1;
        }
        problem = new EOFException("body ended after " + (delivered - toSkip) + " of " + expected
            + " bytes");
      } else if (problem == null) {
        continue;
      }
      refetchAfter(problem);
    }
  }

  private void refetchAfter(IOException problem) throws IOException {
    closeQuietly(current.body());
    boolean mayRetry;
    try {
      mayRetry = attempts.retryAfter(problem);
    } catch (InterruptedIOException e) {
      throw fail(e);
    }
    if (!mayRetry) {
      int made = attempts.count();
      throw fail(new SourceException(where + ": the download was cut short at " + delivered
          + " of " + expected + " bytes after " + made + " attempt" + (made == 1 ? "" : "s")
          + " (" + problem.getMessage() + "); try again later", problem));
    }
    Download again;
    try {
      again = refetch.get();
    } catch (IOException e) {
      throw fail(e);
    }
    if (etag.isPresent() && again.etag().isPresent() && !etag.get().equals(again.etag().get())) {
      closeQuietly(again.body());
      throw fail(new SourceException(where + ": the content changed between two downloads (ETag "
          + etag.get() + " then " + again.etag().get() + ")"));
    }
    try {
      checkLength(again, where, expected, lfs);
    } catch (SourceException e) {
      throw fail(e);
    }
    current = again;
    toSkip = delivered;
  }

  @Override
  public void close() {
    if (!done) {
      done = true;
      release();
    }
  }

  @Override
  public long busySince() {
    return busySince;
  }

  @Override
  public void abortStalled() {
    stalled = true;
    Download reading = current; // null once the body was read to its end
    if (reading != null) {
      closeQuietly(reading.body());
    }
  }

  private void finish() {
    done = true;
    release();
    current = null;
  }

  private IOException fail(IOException failure) {
    done = true;
    release();
    return failure;
  }

  private void release() {
    watchdog.forget(this);
    if (current != null) {
      closeQuietly(current.body());
    }
    slot.close();
  }

  private static String lfsHint(boolean lfs) {
    return lfs ? " — it is a Git LFS file, and layerkit will not put content it cannot verify"
        + " into a layer: commit the file to Git itself instead of LFS" : "";
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException ignored) {
      // the connection is being abandoned anyway
    }
  }
}
