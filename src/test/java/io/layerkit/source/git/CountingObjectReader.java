package io.layerkit.source.git;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.AsyncObjectLoaderQueue;
import org.eclipse.jgit.lib.AsyncObjectSizeQueue;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * A real object reader that counts what passes through it: every blob opened or sized, and every
 * large (streamed) loader handed out. {@link GitSource} opens all of its readers through the
 * function it is given, so these counts cover every object it touches.
 */
final class CountingObjectReader extends ObjectReader.Filter {

  /** Counts shared by all readers of one source. */
  static final class Counts {
    final AtomicInteger blobOpens = new AtomicInteger();
    final AtomicInteger blobSizes = new AtomicInteger();
    final AtomicInteger largeLoaders = new AtomicInteger();
    final AtomicInteger trees = new AtomicInteger();
    final Set<ObjectId> blobsOpened = ConcurrentHashMap.newKeySet();

    int blobReads() {
      return blobOpens.get() + blobSizes.get();
    }

    void reset() {
      blobOpens.set(0);
      blobSizes.set(0);
      largeLoaders.set(0);
      trees.set(0);
      blobsOpened.clear();
    }
  }

  private final ObjectReader delegate;
  private final Counts counts;

  CountingObjectReader(ObjectReader delegate, Counts counts) {
    this.delegate = delegate;
    this.counts = counts;
  }

  @Override
  protected ObjectReader delegate() {
    return delegate;
  }

  @Override
  public ObjectReader newReader() {
    return new CountingObjectReader(delegate.newReader(), counts);
  }

  @Override
  public void setStreamFileThreshold(int threshold) {
    super.setStreamFileThreshold(threshold);
    delegate.setStreamFileThreshold(threshold);
  }

  @Override
  public ObjectLoader open(AnyObjectId objectId) throws IOException {
    return count(objectId, delegate.open(objectId));
  }

  @Override
  public ObjectLoader open(AnyObjectId objectId, int typeHint)
      throws MissingObjectException, IncorrectObjectTypeException, IOException {
    return count(objectId, delegate.open(objectId, typeHint));
  }

  @Override
  public long getObjectSize(AnyObjectId objectId, int typeHint)
      throws MissingObjectException, IncorrectObjectTypeException, IOException {
    long size = delegate.getObjectSize(objectId, typeHint);
    if (typeHint == Constants.OBJ_BLOB || delegate.open(objectId).getType() == Constants.OBJ_BLOB) {
      counts.blobSizes.incrementAndGet();
      counts.blobsOpened.add(objectId.copy());
    }
    return size;
  }

  /** Refused so that no object can be read past the counters unnoticed. */
  @Override
  public <T extends ObjectId> AsyncObjectLoaderQueue<T> open(Iterable<T> objectIds,
      boolean reportMissing) {
    throw new UnsupportedOperationException("bulk open is not counted");
  }

  /** Refused so that no object can be sized past the counters unnoticed. */
  @Override
  public <T extends ObjectId> AsyncObjectSizeQueue<T> getObjectSize(Iterable<T> objectIds,
      boolean reportMissing) {
    throw new UnsupportedOperationException("bulk size is not counted");
  }

  private ObjectLoader count(AnyObjectId objectId, ObjectLoader loader) {
    switch (loader.getType()) {
      case Constants.OBJ_BLOB -> {
        counts.blobOpens.incrementAndGet();
        counts.blobsOpened.add(objectId.copy());
      }
      case Constants.OBJ_TREE -> counts.trees.incrementAndGet();
      default -> { }
    }
    if (loader.isLarge()) {
      counts.largeLoaders.incrementAndGet();
    }
    return loader;
  }
}
