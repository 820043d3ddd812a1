package io.layerkit.archive;

import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An entry's content as the archiver reads it while a {@link ContentObserver.Observation} reads
 * ahead: bytes the observation pulled through its view wait in a small buffer and are delivered
 * first, in order; once the observation is done, reads go straight to the source.
 */
final class ObservedContent extends InputStream {
  private final InputStream source;
  private final ContentObserver.Observation observation;
  /** Bytes the observation has read and the archiver has not yet taken. */
  private byte[] ahead = new byte[8 * 1024];
  private int start;
  private int end;
  private boolean observing = true;

  ObservedContent(InputStream source, TreeEntry entry, ContentObserver observer) {
    this.source = source;
    this.observation = observer.observe(entry, new View());
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    // the observation reads ahead until the archiver's request can be filled: whole buffers for
    // the archiver, and never more ahead than one request and one step
    while (end - start < length && observing) {
      observing = observation.advance();
    }
    if (start < end) {
      int n = Math.min(length, end - start);
      System.arraycopy(ahead, start, buffer, offset, n);
      start += n;
      return n;
    }
    return source.read(buffer, offset, length);
  }

  @Override
  public void close() throws IOException {
    source.close();
  }

  private void keep(byte[] bytes, int offset, int length) {
    if (start == end) {
      start = 0;
      end = 0;
    }
    if (end + length > ahead.length) {
      System.arraycopy(ahead, start, ahead, 0, end - start);
      end -= start;
      start = 0;
      if (end + length > ahead.length) {
        ahead = Arrays.copyOf(ahead, Math.max(ahead.length * 2, end + length));
      }
    }
    System.arraycopy(bytes, offset, ahead, end, length);
    end += length;
  }

  /** What the observation reads: the source, each byte also kept for the archiver. */
  private final class View extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = source.read(buffer, offset, length);
      if (n > 0) {
        keep(buffer, offset, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] discard = new byte[(int) Math.min(n, 8 * 1024)];
      int read = read(discard, 0, discard.length);
      return Math.max(read, 0);
    }

    /** Closing the view ends nothing: the archiver still reads the content. */
    @Override
    public void close() {}
  }
}
