package io.layerkit.archive;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code layerkit inspect} reports about an existing zip.
 *
 * @param file the zip
 * @param sha256 lowercase hex SHA-256 of its bytes
 * @param size its size in bytes
 * @param files file and link entries (directories not counted)
 * @param unzippedSize sum of file contents and link targets
 * @param contentDigest the {@link ContentDigest} recomputed from the entries' contents; equal to
 *     the digest layerkit recorded when it built the same content
 * @param entries every entry in the zip's order
 * @param validation Lambda's layer rules and the reproducibility rules layerkit zips follow
 */
public record ArchiveInspection(Path file, String sha256, long size, int files,
    long unzippedSize, String contentDigest, List<InspectedEntry> entries, Validation validation) {

  public ArchiveInspection {
    entries = List.copyOf(entries);
  }
}
