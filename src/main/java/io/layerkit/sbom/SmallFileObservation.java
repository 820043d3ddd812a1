package io.layerkit.sbom;

import io.layerkit.archive.ContentObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Collects the first {@value #LIMIT} bytes of a metadata file (a {@code METADATA},
 * {@code package.json}) a step at a time, then hands them over: metadata files are small, and one
 * that is not is read no further than the limit.
 */
final class SmallFileObservation implements ContentObserver.Observation {
  static final int LIMIT = 1024 * 1024;
  private static final int STEP = 16 * 1024;

  private final InputStream content;
  private final Consumer<byte[]> done;
  private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
  private final byte[] buffer = new byte[STEP];

  SmallFileObservation(InputStream content, Consumer<byte[]> done) {
    this.content = content;
    this.done = done;
  }

  @Override
  public boolean advance() throws IOException {
    int n = content.read(buffer, 0, Math.min(STEP, LIMIT - collected.size()));
    if (n > 0) {
      collected.write(buffer, 0, n);
    }
    if (n == -1 || collected.size() == LIMIT) {
      done.accept(collected.toByteArray());
      return false;
    }
    return true;
  }
}
