package io.layerkit.archive;

import io.layerkit.source.TreeEntry;
import java.io.IOException;

/**
 * One file or link after its worker is done, waiting for the writer: what the zip header needs,
 * the content's SHA-256 for the {@link ContentDigest}, and the deflated bytes.
 *
 * @param entry the tree entry
 * @param crc CRC-32 of the content
 * @param sha256 lowercase hex SHA-256 of the content
 * @param stored whether the entry is written STORED because deflating did not make it smaller
 * @param deflated the raw deflate stream of the content (for a stored entry too: it is inflated
 *     again while writing, which for incompressible data is a copy, so the content is never read
 *     twice from the source)
 */
record CompressedEntry(TreeEntry entry, long crc, String sha256, boolean stored, SpillBuffer deflated)
    implements AutoCloseable {

  /** Bytes the entry occupies in the zip. */
  long compressedSize() {
    return stored ? entry.size() : deflated.size();
  }

  @Override
  public void close() throws IOException {
    deflated.close();
  }
}
