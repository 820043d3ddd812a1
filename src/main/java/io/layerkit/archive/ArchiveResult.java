package io.layerkit.archive;

import java.nio.file.Path;

/**
 * A finished layer zip.
 *
 * @param file where the zip was written
 * @param sha256 lowercase hex SHA-256 of the zip's bytes
 * @param size zip size in bytes
 * @param files number of file and link entries (directories not counted)
 * @param unzippedSize sum of file contents and link targets
 * @param contentDigest {@link ContentDigest} of the entries: independent of the deflate library
 */
public record ArchiveResult(
    Path file, String sha256, long size, int files, long unzippedSize, String contentDigest) {}
