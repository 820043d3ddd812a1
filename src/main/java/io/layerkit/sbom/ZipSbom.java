package io.layerkit.sbom;

import io.layerkit.archive.ContentObserver;
import io.layerkit.digest.Sha256;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * The SBOM of an existing layer zip ({@code inspect --sbom}): the same {@link DistributionCollector}
 * the build uses, fed from the zip's entries instead of the archiver, so a layerkit zip gives the
 * SBOM its build stored (apart from what only the build knows: commit, source, folder).
 *
 * @param sha256 lowercase hex SHA-256 of the zip
 * @param timestamp the time its entries carry (the build's timestamp setting)
 * @param distributions what it holds
 */
public record ZipSbom(String sha256, Instant timestamp, List<Distribution> distributions) {

  public ZipSbom {
    distributions = List.copyOf(distributions);
  }

  /** Reads every describing entry of {@code zip} once, and the whole file once for its hash. */
  public static ZipSbom scan(Path zip) throws IOException {
    DistributionCollector collector = new DistributionCollector();
    Instant timestamp = null;
    try (ZipFile file = ZipFile.builder().setPath(zip).setCharset(StandardCharsets.UTF_8).get()) {
      for (ZipArchiveEntry zipEntry : Collections.list(file.getEntries())) {
        if (timestamp == null) {
          timestamp = entryTime(zipEntry);
        }
        TreeEntry entry = treeEntry(zipEntry);
        if (entry == null || !collector.wants(entry)) {
          continue;
        }
        try (InputStream content = file.getInputStream(zipEntry)) {
          ContentObserver.Observation observation = collector.observe(entry, content);
          while (observation.advance()) {
            // each step reads a little; the collector keeps what it finds
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot read the distributions in '" + zip + "': " + e.getMessage(), e);
    }
    return new ZipSbom(sha256(zip), timestamp != null ? timestamp : Instant.EPOCH,
        collector.distributions());
  }

  /** The SBOM's bytes, for a layer named {@code packageName}. */
  public byte[] write(String packageName, String toolVersion) {
    return CycloneDxSbom.write(new LayerSubject(packageName, sha256, timestamp, Optional.empty(),
        Optional.empty(), Optional.empty(), toolVersion), distributions);
  }

  /** A file or link entry as the tree model has it; null for a directory or an unsafe name. */
  private static TreeEntry treeEntry(ZipArchiveEntry zipEntry) {
    if (zipEntry.isDirectory() || zipEntry.getName().isEmpty()) {
      return null;
    }
    String path = zipEntry.getName();
    if (zipEntry.isUnixSymlink()) {
      return TreeEntry.symlink(path, Math.max(zipEntry.getSize(), 0));
    }
    return TreeEntry.file(path, Math.max(zipEntry.getSize(), 0),
        (zipEntry.getUnixMode() & 0111) != 0);
  }

  /** The entry's DOS date and time fields, which layerkit fills with the UTC wall clock. */
  private static Instant entryTime(ZipArchiveEntry zipEntry) {
    LocalDateTime wallClock =
        LocalDateTime.ofInstant(Instant.ofEpochMilli(zipEntry.getTime()), ZoneId.systemDefault());
    return wallClock.toInstant(ZoneOffset.UTC);
  }

  private static String sha256(Path zip) throws IOException {
    return Sha256.of(zip);
  }
}
