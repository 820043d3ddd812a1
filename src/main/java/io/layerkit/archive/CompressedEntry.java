package io.layerkit.archive;

import io.layerkit.tree.TreeEntry;
import java.io.IOException;

/**
 * One file or link after its worker is done, waiting for the writer: what the zip header needs,
 * the content's SHA-256 for the {@link ContentDigest}, and the bytes in the form
 * {@link EntryCompressor} chose.
 *
 * @param entry the tree entry
 * @param crc CRC-32 of the content
 * @param sha256 lowercase hex SHA-256 of the content
 * @param form what {@code data} holds and how the entry is written
 * @param data the spilled bytes
 * @param linkTarget a link's target, decoded as UTF-8; {@code null} for a file (and for a link
 *     whose target is too long to be one, which the validator rejects before archiving)
 */
record CompressedEntry(TreeEntry entry, long crc, String sha256, EntryCompressor.Form form,
    SpillBuffer data, String linkTarget) implements AutoCloseable {

  boolean stored() {
    return form != EntryCompressor.Form.DEFLATED;
  }

  /** Bytes the entry occupies in the zip. */
  long compressedSize() {
    return stored() ? entry.size() : data.size();
  }

  @Override
  public void close() throws IOException {
    data.close();
  }
}
