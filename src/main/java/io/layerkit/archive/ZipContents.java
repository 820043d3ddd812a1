package io.layerkit.archive;

import io.layerkit.digest.Sha256;
import io.layerkit.tree.EntryKind;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.PathRules;
import io.layerkit.tree.TreeEntry;
import io.layerkit.tree.UnsafePathException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import org.apache.commons.compress.archivers.zip.ZipMethod;

/**
 * An existing zip read back, whichever tool wrote it: each entry as stored (kind, mode, sizes,
 * method, time, extra fields, link target, content SHA-256), the {@link PackageTree} its
 * acceptable entries form, and a finding for each entry no layer should hold (unsafe, duplicate,
 * clashing or undecodable names), which is left out of the tree.
 *
 * <p>Zips made to exhaust a reader are refused or read within bounds set by the zip's own size.
 * The central directory is read record by record ({@link CentralDirectory}); entries whose bytes
 * overlap (many names for one stream: a "zip bomb" by overlap) are refused before anything is
 * inflated, so each compressed byte is inflated at most once; no entry inflates beyond the size
 * its header declares; and the folders that names imply may not add up to more than a few
 * times the zip's size (deeply nested, distinct names).
 */
final class ZipContents {

  /**
   * One entry as the zip stores it.
   *
   * @param name the name in the zip; directories end with {@code /}
   * @param path the package-relative path: the name without its trailing slash
   * @param kind file, directory or link (a link needs the Unix link type in its mode)
   * @param mode permission bits: the stored Unix mode, or 0644/0755 when the zip has none
   * @param hasUnixMode whether the zip stores a Unix mode for it
   * @param size content bytes
   * @param compressedSize bytes in the zip
   * @param method compression method name, lowercase ({@code stored}, {@code deflated}, …)
   * @param modified the DOS date and time fields as a wall clock
   * @param extraFields header ids of extra fields, e.g. {@code 0x5455}
   * @param linkTarget a link's target
   * @param sha256 lowercase hex SHA-256 of the content, or {@code null} for a directory
   */
  record Entry(String name, String path, EntryKind kind, int mode, boolean hasUnixMode, long size,
      long compressedSize, String method, LocalDateTime modified, List<String> extraFields,
      Optional<String> linkTarget, String sha256) {}

  private static final int LOCAL_HEADER = 0x04034b50;
  private static final int LOCAL_HEADER_SIZE = 30;
  private static final int STORED = 0;
  private static final int DEFLATED = 8;
  private static final int UNIX = 3;
  /** Links hold a path; anything longer than this is not a link target but a damaged entry. */
  private static final int MAX_LINK_TARGET = 64 * 1024;
  /** The folders names imply may spell out this many times the zip's size, at least 1 MiB. */
  private static final int FOLDER_NAMES_PER_ZIP_BYTE = 8;

  private final List<Entry> entries;
  private final List<Entry> accepted;
  private final PackageTree tree;
  private final List<Finding> findings;

  private ZipContents(List<Entry> entries, List<Entry> accepted, PackageTree tree,
      List<Finding> findings) {
    this.entries = entries;
    this.accepted = accepted;
    this.tree = tree;
    this.findings = List.copyOf(findings);
  }

  /** Entries in central directory order. */
  List<Entry> entries() {
    return entries;
  }

  /** The tree of the acceptable entries, parents added. */
  PackageTree tree() {
    return tree;
  }

  /** Why entries were left out of the tree (errors), and names readers may decode differently. */
  List<Finding> findings() {
    return findings;
  }

  List<Finding> rejected() {
    return findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
  }

  Map<String, String> sha256ByPath() {
    Map<String, String> byPath = new HashMap<>();
    for (Entry entry : accepted) {
      if (entry.kind() != EntryKind.DIRECTORY) {
        byPath.put(entry.path(), entry.sha256());
      }
    }
    return byPath;
  }

  Map<String, String> linkTargets() {
    Map<String, String> targets = new LinkedHashMap<>();
    for (Entry entry : accepted) {
      entry.linkTarget().ifPresent(target -> targets.put(entry.path(), target));
    }
    return targets;
  }

  /** Reads every entry and hashes its content. */
  static ZipContents read(Path zip) throws IOException {
    if (Files.isDirectory(zip)) {
      throw new IOException("'" + zip + "' is a folder, not a zip file");
    }
    if (!Files.exists(zip)) {
      throw new NoSuchFileException(zip.toString(), null, "no such file");
    }
    try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
      return new Reading(new ZipFileReader(channel)).read();
    } catch (IOException | RuntimeException e) {
      throw new IOException("'" + zip + "' is not a readable zip file: " + oneLine(e), e);
    }
  }

  /** An entry between the central directory and its content. */
  private static final class Pending {
    Entry entry;
    long crc;
    long localOffset;
    long dataStart;
    long compressedSize;
    long declaredSize;
    int method;
    boolean encrypted;
  }

  /** One read of one zip, with what its entries share (times, extra-field lists, methods). */
  private static final class Reading {
    private final ZipFileReader reader;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<Integer, LocalDateTime> times = new HashMap<>();
    private final Map<List<Integer>, List<String>> extraLists = new HashMap<>();
    private final Map<Integer, String> methods = new HashMap<>();
    // one of each for all entries: a zip of many small entries must not allocate per entry
    private final MessageDigest sha = Sha256.newDigest();
    private final CRC32 crc = new CRC32();
    private final byte[] buffer = new byte[64 * 1024];
    private final EntryData data;

    Reading(ZipFileReader reader) {
      this.reader = reader;
      this.data = new EntryData(reader);
    }

    ZipContents read() throws IOException {
      try {
        return readAll();
      } finally {
        data.close();
      }
    }

    private ZipContents readAll() throws IOException {
      CentralDirectory directory = CentralDirectory.find(reader);
      Pending[] pending = new Pending[Math.toIntExact(directory.entries())];
      directory.read(reader, (index, record) -> pending[index] = pending(record));
      Integer[] order = new Integer[pending.length];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, Comparator.comparingLong(i -> pending[i].localOffset));
      locateData(pending, order, directory.offset());
      for (Integer index : order) {
        if (pending[index].entry.kind() != EntryKind.DIRECTORY) {
          pending[index].entry = withContent(pending[index]);
        }
      }
      List<Entry> entries = new ArrayList<>(pending.length);
      for (Pending p : pending) {
        entries.add(p.entry);
      }
      List<Entry> accepted = accept(entries, FOLDER_NAMES_PER_ZIP_BYTE * reader.size());
      List<TreeEntry> treeEntries = new ArrayList<>(accepted.size());
      for (Entry entry : accepted) {
        treeEntries.add(switch (entry.kind()) {
          case DIRECTORY -> TreeEntry.directory(entry.path());
          case SYMLINK -> TreeEntry.symlink(entry.path(), entry.size());
          case FILE -> TreeEntry.file(entry.path(), entry.size(), (entry.mode() & 0111) != 0);
        });
      }
      return new ZipContents(List.copyOf(entries), accepted,
          PackageTree.of("", treeEntries), findings);
    }

    private Pending pending(CentralDirectory.Record record) {
      String name = decodeName(record);
      String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
      int unixMode = (int) (record.externalAttributes() >>> 16) & 0xffff;
      boolean hasUnixMode = record.versionMadeBy() >> 8 == UNIX && unixMode != 0;
      EntryKind kind = name.endsWith("/") ? EntryKind.DIRECTORY
          : hasUnixMode && (unixMode & 0170000) == 0120000 ? EntryKind.SYMLINK
          : EntryKind.FILE;
      int mode = hasUnixMode ? unixMode & 07777 : kind == EntryKind.DIRECTORY ? 0755 : 0644;
      Pending p = new Pending();
      p.entry = new Entry(name, path, kind, mode, hasUnixMode, record.size(),
          record.compressedSize(), methods.computeIfAbsent(record.method(), ZipContents::methodName),
          times.computeIfAbsent(record.dosDateTime(), ZipContents::dosWallClock),
          extraLists.computeIfAbsent(record.extraIds(), ZipContents::extraNames),
          Optional.empty(), null);
      p.crc = record.crc();
      p.localOffset = record.localOffset();
      p.compressedSize = record.compressedSize();
      p.declaredSize = record.size();
      p.method = record.method();
      p.encrypted = record.encrypted();
      return p;
    }

    /**
     * Finds each entry's data behind its local header, in file order, and refuses entries whose
     * bytes overlap another's or the central directory: read as separate entries, one stream
     * would be inflated as often as it is named.
     */
    private void locateData(Pending[] pending, Integer[] order, long directoryStart)
        throws IOException {
      long previousEnd = 0;
      String previousName = null;
      for (Integer index : order) {
        Pending p = pending[index];
        String name = PathRules.printable(p.entry.name());
        if (p.localOffset < previousEnd) {
          throw new IOException("entries '" + previousName + "' and '" + name + "' overlap in the"
              + " file (overlapping entries: one stream read as many, a zip bomb); refused");
        }
        if (p.localOffset + LOCAL_HEADER_SIZE > directoryStart) {
          throw new IOException("entry '" + name + "' points into the central directory"
              + " (overlapping entries); refused");
        }
        reader.seek(p.localOffset);
        if (reader.u32() != LOCAL_HEADER) {
          throw new IOException("entry '" + name + "' points at no local header: the zip is"
              + " damaged");
        }
        reader.seek(p.localOffset + 26);
        p.dataStart = p.localOffset + LOCAL_HEADER_SIZE + reader.u16() + reader.u16();
        if (p.dataStart > directoryStart || p.compressedSize > directoryStart - p.dataStart) {
          throw new IOException("entry '" + name + "' runs into the central directory"
              + " (overlapping entries); refused");
        }
        previousEnd = p.dataStart + p.compressedSize;
        previousName = name;
      }
    }

    /** Hashes an entry's content and checks its CRC and size; keeps a link's target. */
    private Entry withContent(Pending p) throws IOException {
      Entry entry = p.entry;
      String name = PathRules.printable(entry.name());
      if (p.encrypted || (p.method != STORED && p.method != DEFLATED)) {
        throw new IOException("entry '" + name + "' uses compression method " + entry.method()
            + " or encryption, which layerkit cannot read");
      }
      boolean link = entry.kind() == EntryKind.SYMLINK;
      sha.reset();
      crc.reset();
      ByteArrayOutputStream kept = new ByteArrayOutputStream(0);
      long size = 0;
      reader.seek(p.dataStart);
      data.start(p.compressedSize, p.method == DEFLATED);
      try {
        for (int n = data.read(buffer); n != -1; n = data.read(buffer)) {
          size += n;
          if (size > p.declaredSize) {
            throw new IOException("entry '" + name + "' holds more than the " + p.declaredSize
                + " bytes its header declares; refused");
          }
          sha.update(buffer, 0, n);
          crc.update(buffer, 0, n);
          if (link) {
            if (size > MAX_LINK_TARGET) {
              throw new IOException("link '" + name + "' has a target longer than "
                  + MAX_LINK_TARGET + " bytes");
            }
            kept.write(buffer, 0, n);
          }
        }
      } catch (DataFormatException e) {
        throw new IOException("entry '" + name + "' is corrupt: " + e.getMessage(), e);
      }
      if (crc.getValue() != p.crc) {
        throw new IOException("entry '" + name + "' is corrupt: its content does not match its"
            + " CRC-32");
      }
      if (size != p.declaredSize) {
        throw new IOException("entry '" + name + "' has " + size + " bytes but its header says "
            + p.declaredSize);
      }
      Optional<String> target = link
          ? Optional.of(kept.toString(StandardCharsets.UTF_8)) : Optional.empty();
      return new Entry(entry.name(), entry.path(), entry.kind(), entry.mode(),
          entry.hasUnixMode(), size, entry.compressedSize(), entry.method(), entry.modified(),
          entry.extraFields(), target, Sha256.hex(sha));
    }

    /**
     * The entries that can form a tree; a finding for each one that cannot.
     *
     * @param folderNameBudget how many characters the folders the names imply may add up to
     */
    private List<Entry> accept(List<Entry> entries, long folderNameBudget)
        throws IOException {
      Map<String, Entry> byPath = new LinkedHashMap<>();
      for (Entry entry : entries) {
        try {
          PathRules.requireSafe(entry.path());
        } catch (UnsafePathException e) {
          findings.add(Finding.error(e.getMessage() + "; Lambda must never extract it"));
          continue;
        }
        if (byPath.putIfAbsent(entry.path(), entry) != null) {
          findings.add(Finding.error("'" + PathRules.printable(entry.path())
              + "' appears more than once in the zip; unzip tools disagree on which one wins"));
        }
      }
      Set<String> folders = new HashSet<>();
      long budget = Math.max(folderNameBudget, 1 << 20);
      for (String path : byPath.keySet()) {
        // from the nearest parent up, until one already known: its own parents are known too
        for (int slash = path.lastIndexOf('/'); slash > 0;
            slash = path.lastIndexOf('/', slash - 1)) {
          String folder = path.substring(0, slash);
          if (!folders.add(folder)) {
            break;
          }
          budget -= folder.length();
          if (budget < 0) {
            throw new IOException("its names imply more nested folders than a zip of its size can"
                + " mean to hold (names built to exhaust readers); refused");
          }
        }
      }
      List<Entry> accepted = new ArrayList<>(byPath.size());
      for (Entry entry : byPath.values()) {
        if (entry.kind() != EntryKind.DIRECTORY && folders.contains(entry.path())) {
          findings.add(Finding.error("'" + PathRules.printable(entry.path())
              + "' is both a " + entry.kind().name().toLowerCase(Locale.ROOT)
              + " and a folder in the zip"));
          continue;
        }
        accepted.add(entry);
      }
      return accepted;
    }

    /**
     * The name as UTF-8, as Lambda's extraction reads it; a finding when readers may see
     * another name: bytes that are not UTF-8, UTF-8 without the flag, a second name in a
     * Unicode Path extra field.
     */
    private String decodeName(CentralDirectory.Record record) {
      byte[] raw = record.rawName();
      String name = new String(raw, StandardCharsets.UTF_8);
      boolean ascii = true;
      for (byte b : raw) {
        ascii &= b >= 0;
      }
      if (!ascii) {
        try {
          StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw));
          if (!record.utf8Flag()) {
            findings.add(Finding.warning("'" + PathRules.printable(name)
                + "' has a non-ASCII name without the zip's UTF-8 flag; some unzip tools will"
                + " decode it differently"));
          }
        } catch (CharacterCodingException e) {
          findings.add(Finding.error("entry name '" + PathRules.printable(name)
              + "' is not valid UTF-8; Lambda would extract it under a garbled name"));
        }
      }
      record.unicodePath().map(bytes -> new String(bytes, StandardCharsets.UTF_8))
          .filter(other -> !other.equals(name))
          .ifPresent(other -> findings.add(Finding.error("'" + PathRules.printable(name)
              + "' carries a second name in a Unicode Path extra field ('"
              + PathRules.printable(other) + "'); unzip tools disagree on which it has")));
      return name;
    }
  }

  /** The DOS date and time fields as a wall clock, out-of-range fields carried over as Java does. */
  private static LocalDateTime dosWallClock(int fields) {
    int date = fields >>> 16;
    int time = fields & 0xffff;
    return LocalDateTime.of(1980 + (date >> 9), 1, 1, 0, 0)
        .plusMonths(((date >> 5) & 15) - 1L).plusDays((date & 31) - 1L)
        .plusHours(time >> 11).plusMinutes((time >> 5) & 63).plusSeconds((time & 31) * 2L);
  }

  private static String methodName(int method) {
    ZipMethod known = ZipMethod.getMethodByCode(method);
    return known == null ? "method-" + method : known.name().toLowerCase(Locale.ROOT);
  }

  private static List<String> extraNames(List<Integer> ids) {
    return ids.stream().map(id -> String.format(Locale.ROOT, "0x%04x", id)).toList();
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
