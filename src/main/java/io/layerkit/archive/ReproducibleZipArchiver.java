package io.layerkit.archive;

import io.layerkit.digest.Sha256;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.archivers.zip.UnixStat;

/**
 * Writes a package tree as a byte-for-byte reproducible layer zip (DESIGN, "Reproducible archive
 * rules"): entries in {@link PackageTree} order with directories as entries; every entry stamped
 * with the settings' timestamp as DOS date and time fields holding its UTC wall clock, written as
 * fields, so the JVM's time zone plays no part ({@link DosTime}); Unix modes and the Unix platform
 * in the central directory (files 0644, executables 0755, directories 0755, links 0777 with the
 * link type and the target as content, never followed); UTF-8 flag on every name; no extra fields
 * at all (Zip64 only when an entry or the archive needs it); raw deflate at the settings' level,
 * or STORED when deflating does not make an entry smaller ({@link EntryCompressor} says exactly
 * when, how incompressible content is recognised without deflating all of it, and how large
 * entries are deflated in chunks). {@link ZipWriter} writes the container.
 *
 * <p>Entries are read and deflated by {@code concurrency} workers into bounded spill buffers, and
 * one writer appends them strictly in tree order, so the bytes never depend on the thread count
 * and memory never depends on the layer's size. The zip is written to a temporary file beside the
 * target and moved over it at the end; on failure nothing is left behind, and neither on a
 * shutdown (SIGTERM, Ctrl-C) mid-run ({@link ExitCleanup}). Progress is reported on the calling
 * thread, once per file or link, as it is written (directories have no content).
 */
public final class ReproducibleZipArchiver implements LayerArchiver {
  /** Entries whose zip bytes fit this stay in memory; larger ones go to a temporary file. */
  static final int DEFAULT_SPILL_THRESHOLD = 1024 * 1024;

  /** Content at least this long is probed for compressibility before it is deflated. */
  static final int DEFAULT_PROBE_SIZE = 128 * 1024;

  /**
   * How far workers may run ahead of the writer: entries, and their in-memory bytes (see
   * {@link OrderedCompression}). Measured on bench/zip-bench.sh: a window of two entries per worker
   * left workers idle behind every large entry and cost a fifth of the archiving time.
   */
  static final int ENTRIES_AHEAD_PER_WORKER = 64;
  static final long MEMORY_AHEAD_PER_WORKER = 4L * 1024 * 1024;

  private final ArchiveSettings settings;
  private final DosTime time;
  private final int spillThreshold;
  private final int probeSize;
  private final int chunkSize;

  /**
   * @throws IllegalArgumentException when the timestamp cannot be written as a DOS time
   */
  public ReproducibleZipArchiver(ArchiveSettings settings) {
    this(settings, DEFAULT_SPILL_THRESHOLD, DEFAULT_PROBE_SIZE, EntryCompressor.DEFAULT_CHUNK_SIZE);
  }

  /** With other buffer sizes, for tests that reach the spill and probe paths with small data. */
  ReproducibleZipArchiver(ArchiveSettings settings, int spillThreshold, int probeSize) {
    this(settings, spillThreshold, probeSize, EntryCompressor.DEFAULT_CHUNK_SIZE);
  }

  /** With another chunk size too, for tests that reach the chunked path with small data. */
  ReproducibleZipArchiver(ArchiveSettings settings, int spillThreshold, int probeSize,
      int chunkSize) {
    if (chunkSize < probeSize) {
      throw new IllegalArgumentException("a chunk must hold the probe: " + chunkSize + " < "
          + probeSize);
    }
    this.settings = settings;
    this.time = DosTime.of(settings.timestamp());
    Sha256.warmUpInBackground();
    this.spillThreshold = spillThreshold;
    this.probeSize = probeSize;
    this.chunkSize = chunkSize;
  }

  @Override
  public Instant timestamp() {
    return settings.timestamp();
  }

  @Override
  public ArchiveResult archive(PackageTree tree, ContentOpener opener, Path target,
      ArchiveProgress progress) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path temp = folder.resolve("." + target.getFileName() + "-" + UUID.randomUUID() + ".tmp");
    boolean moved = false;
    try (SpillArea spills = new SpillArea(folder);
        ExitCleanup.Registration cleanup = ExitCleanup.register(() -> {
          spills.close();
          deleteQuietly(temp);
        })) {
      Written written = write(tree, opener, temp, progress, spills);
      moveAtomically(temp, target);
      moved = true;
      return new ArchiveResult(target, written.sha256, written.size, tree.fileCount(),
          tree.unzippedSize(), written.contentDigest, written.linkTargets);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private record Written(String sha256, long size, String contentDigest,
      Map<String, String> linkTargets) {}

  private Written write(PackageTree tree, ContentOpener opener, Path temp, ArchiveProgress progress,
      SpillArea spills) throws IOException {
    List<TreeEntry> contents = tree.entries().stream().filter(e -> !e.isDirectory()).toList();
    ContentDigest contentDigest = new ContentDigest();
    Map<String, String> linkTargets = new LinkedHashMap<>();
    int workers = settings.concurrency();
    Inflater inflater = new Inflater(true);
    String sha256;
    long size;
    // not createTempFile: its 0600 mode would stay on the zip; this gets the umask's, like zip's.
    // CREATE_NEW: once opened it is never created again, should a shutdown have removed it
    try (OrderedCompression compression = new OrderedCompression(contents, opener, spills,
            workers, ENTRIES_AHEAD_PER_WORKER * workers, MEMORY_AHEAD_PER_WORKER * workers,
            settings.compressionLevel(), probeSize, spillThreshold, chunkSize);
        ZipWriter zip = new ZipWriter(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE), time.fields())) {
      for (TreeEntry entry : tree.entries()) {
        if (entry.isDirectory()) {
          zip.directory(entry.path() + "/", UnixStat.DIR_FLAG | entry.unixMode());
          contentDigest.add(entry, null);
          continue;
        }
        try (CompressedEntry compressed = compression.next()) {
          writeContent(zip, compressed, inflater);
          contentDigest.add(entry, compressed.sha256());
          if (compressed.linkTarget() != null) {
            linkTargets.put(entry.path(), compressed.linkTarget());
          }
        }
        progress.entryDone(entry, entry.size());
      }
      sha256 = zip.finish();
      size = zip.position();
    } finally {
      inflater.end();
    }
    return new Written(sha256, size, contentDigest.finish(), linkTargets);
  }

  private static void writeContent(ZipWriter zip, CompressedEntry compressed, Inflater inflater)
      throws IOException {
    TreeEntry entry = compressed.entry();
    int type = entry.isSymlink() ? UnixStat.LINK_FLAG : UnixStat.FILE_FLAG;
    try (InputStream data = compressed.form() == EntryCompressor.Form.STORED_AS_DEFLATED
        ? inflated(compressed, inflater)
        : compressed.data().open()) {
      zip.entry(entry.path(), type | entry.unixMode(),
          compressed.stored() ? ZipWriter.STORED : ZipWriter.DEFLATED, compressed.crc(),
          compressed.compressedSize(), entry.size(), data);
    } catch (IOException e) {
      throw new IOException("cannot write '" + entry.path() + "' to the zip: " + e.getMessage(), e);
    }
  }

  /** The content of an entry deflating did not shrink, inflated back and checked for length. */
  private static InputStream inflated(CompressedEntry compressed, Inflater inflater)
      throws IOException {
    inflater.reset();
    // zlib may want one byte past the deflate stream when there is no wrapper (Inflater docs)
    InputStream deflated = new SequenceInputStream(
        compressed.data().open(), new ByteArrayInputStream(new byte[1]));
    return new ExactLength(new InflaterInputStream(deflated, inflater, 64 * 1024),
        compressed.entry());
  }

  private static void moveAtomically(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // at shutdown: nothing more can be done
    }
  }

  /** Fails at end of stream unless exactly the entry's size was read: a wrong length is a bug. */
  private static final class ExactLength extends FilterInputStream {
    private final TreeEntry entry;
    private long count;

    ExactLength(InputStream in, TreeEntry entry) {
      super(in);
      this.entry = entry;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      check(b == -1 ? -1 : 1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return check(super.read(buffer, offset, length));
    }

    private int check(int n) throws IOException {
      if (n == -1 && count != entry.size()) {
        throw new IOException("inflating the stored entry gave " + count + " bytes, not "
            + entry.size());
      }
      count += Math.max(n, 0);
      return n;
    }
  }
}
