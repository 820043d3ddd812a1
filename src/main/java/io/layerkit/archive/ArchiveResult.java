package io.layerkit.archive;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished layer zip.
 *
 * @param file where the zip was written
 * @param sha256 lowercase hex SHA-256 of the zip's bytes
 * @param size zip size in bytes
 * @param files number of file and link entries (directories not counted)
 * @param unzippedSize sum of file contents and link targets
 * @param contentDigest {@link ContentDigest} of the entries: independent of the deflate library
 * @param linkTargets each symbolic link's target by its path, in tree order: the listing gives
 *     only their lengths, and {@link LayerValidator#checkArchive} checks where they point without
 *     reading the zip back
 */
public record ArchiveResult(Path file, String sha256, long size, int files, long unzippedSize,
    String contentDigest, Map<String, String> linkTargets) {

  public ArchiveResult {
    linkTargets = Collections.unmodifiableMap(new LinkedHashMap<>(linkTargets));
  }

  /** A result without links, or whose links are not known. */
  public ArchiveResult(Path file, String sha256, long size, int files, long unzippedSize,
      String contentDigest) {
    this(file, sha256, size, files, unzippedSize, contentDigest, Map.of());
  }
}
