package io.layerkit.archive;

import io.layerkit.tree.EntryKind;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.PathRules;
import io.layerkit.tree.TreeEntry;
import io.layerkit.tree.UnsafePathException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipExtraField;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;

/**
 * An existing zip read back, whichever tool wrote it: each entry as stored (kind, mode, sizes,
 * method, time, extra fields, link target, content SHA-256), the {@link PackageTree} its
 * acceptable entries form, and a finding for each entry no layer should hold (unsafe, duplicate,
 * clashing or undecodable names), which is left out of the tree.
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

  private final List<Entry> entries;
  private final PackageTree tree;
  private final List<Finding> findings;

  private ZipContents(List<Entry> entries, PackageTree tree, List<Finding> findings) {
    this.entries = List.copyOf(entries);
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
    for (Entry entry : accepted()) {
      if (entry.kind() != EntryKind.DIRECTORY && entry.sha256() != null) {
        byPath.put(entry.path(), entry.sha256());
      }
    }
    return byPath;
  }

  Map<String, String> linkTargets() {
    Map<String, String> targets = new LinkedHashMap<>();
    for (Entry entry : accepted()) {
      entry.linkTarget().ifPresent(target -> targets.put(entry.path(), target));
    }
    return targets;
  }

  private List<Entry> accepted() {
    Set<String> inTree = new HashSet<>();
    tree.entries().forEach(e -> inTree.add(e.path()));
    return entries.stream().filter(e -> inTree.contains(e.path())).toList();
  }

  private static ZipFile open(Path zip) throws IOException {
    if (Files.isDirectory(zip)) {
      throw new IOException("'" + zip + "' is a folder, not a zip file");
    }
    if (!Files.exists(zip)) {
      throw new NoSuchFileException(zip.toString(), null, "no such file");
    }
    try {
      return ZipFile.builder().setPath(zip).setCharset(StandardCharsets.UTF_8).get();
    } catch (IOException | RuntimeException e) {
      throw new IOException("'" + zip + "' is not a readable zip file: " + oneLine(e), e);
    }
  }

  /** Reads every entry and hashes its content. */
  static ZipContents read(Path zip) throws IOException {
    ZipFile opened = open(zip);
    try (ZipFile file = opened) {
      List<Entry> entries = new ArrayList<>();
      List<Finding> findings = new ArrayList<>();
      for (ZipArchiveEntry zipEntry : Collections.list(file.getEntries())) {
        entries.add(readEntry(file, zipEntry, findings));
      }
      List<TreeEntry> accepted = accept(entries, findings);
      return new ZipContents(entries, PackageTree.of("", accepted), findings);
    } catch (IOException | RuntimeException e) {
      throw new IOException("'" + zip + "' is not a readable zip file: " + oneLine(e), e);
    }
  }

  private static Entry readEntry(ZipFile file, ZipArchiveEntry zipEntry, List<Finding> findings)
      throws IOException {
    String name = zipEntry.getName();
    checkNameEncoding(zipEntry, findings);
    String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    boolean hasUnixMode = zipEntry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX
        && zipEntry.getUnixMode() != 0;
    EntryKind kind = zipEntry.isDirectory() ? EntryKind.DIRECTORY
        : hasUnixMode && zipEntry.isUnixSymlink() ? EntryKind.SYMLINK
        : EntryKind.FILE;
    int mode = hasUnixMode
        ? zipEntry.getUnixMode() & 07777
        : kind == EntryKind.DIRECTORY ? 0755 : 0644;
    List<String> extras = new ArrayList<>();
    for (ZipExtraField field : zipEntry.getExtraFields(true)) {
      extras.add(String.format(Locale.ROOT, "0x%04x", field.getHeaderId().getValue()));
    }
    Optional<String> target = Optional.empty();
    String sha256 = null;
    long size = zipEntry.getSize();
    if (kind != EntryKind.DIRECTORY) {
      Content content = readContent(file, zipEntry, kind == EntryKind.SYMLINK);
      size = content.size;
      sha256 = content.sha256;
      if (kind == EntryKind.SYMLINK) {
        target = Optional.of(new String(content.bytes, StandardCharsets.UTF_8));
      }
    }
    LocalDateTime modified =
        LocalDateTime.ofInstant(Instant.ofEpochMilli(zipEntry.getTime()), ZoneId.systemDefault());
    return new Entry(name, path, kind, mode, hasUnixMode, size, zipEntry.getCompressedSize(),
        methodName(zipEntry.getMethod()), modified, extras, target, sha256);
  }

  private record Content(long size, String sha256, byte[] bytes) {}

  /** Links hold a path; anything longer than this is not a link target but a damaged entry. */
  private static final int MAX_LINK_TARGET = 64 * 1024;

  /** Hashes an entry's content and checks its CRC; keeps the bytes of a link's target. */
  private static Content readContent(ZipFile file, ZipArchiveEntry zipEntry, boolean keepBytes)
      throws IOException {
    if (!file.canReadEntryData(zipEntry)) {
      throw new IOException("entry '" + PathRules.printable(zipEntry.getName())
          + "' uses compression method " + methodName(zipEntry.getMethod())
          + " or encryption, which layerkit cannot read");
    }
    MessageDigest sha = Sha256.newDigest();
    CRC32 crc = new CRC32();
    long size = 0;
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    try (InputStream in = file.getInputStream(zipEntry)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
        crc.update(buffer, 0, n);
        size += n;
        if (keepBytes) {
          if (size > MAX_LINK_TARGET) {
            throw new IOException("link '" + PathRules.printable(zipEntry.getName())
                + "' has a target longer than " + MAX_LINK_TARGET + " bytes");
          }
          kept.write(buffer, 0, n);
        }
      }
    }
    if (zipEntry.getCrc() != -1 && crc.getValue() != zipEntry.getCrc()) {
      throw new IOException("entry '" + PathRules.printable(zipEntry.getName())
          + "' is corrupt: its content does not match its CRC-32");
    }
    if (zipEntry.getSize() != -1 && size != zipEntry.getSize()) {
      throw new IOException("entry '" + PathRules.printable(zipEntry.getName()) + "' has " + size
          + " bytes but its header says " + zipEntry.getSize());
    }
    return new Content(size, Sha256.hex(sha), kept.toByteArray());
  }

  private static void checkNameEncoding(ZipArchiveEntry zipEntry, List<Finding> findings) {
    byte[] raw = zipEntry.getRawName();
    boolean ascii = true;
    for (byte b : raw) {
      ascii &= b >= 0;
    }
    if (ascii) {
      return;
    }
    boolean flagged = zipEntry.getGeneralPurposeBit().usesUTF8ForNames();
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw));
      if (!flagged) {
        findings.add(Finding.warning("'" + PathRules.printable(zipEntry.getName())
            + "' has a non-ASCII name without the zip's UTF-8 flag; some unzip tools will decode"
            + " it differently"));
      }
    } catch (CharacterCodingException e) {
      findings.add(Finding.error("entry name '" + PathRules.printable(zipEntry.getName())
          + "' is not valid UTF-8; Lambda would extract it under a garbled name"));
    }
  }

  /** The entries that can form a tree; a finding for each one that cannot. */
  private static List<TreeEntry> accept(List<Entry> entries, List<Finding> findings) {
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
    for (String path : byPath.keySet()) {
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        folders.add(path.substring(0, slash));
      }
    }
    List<TreeEntry> accepted = new ArrayList<>();
    for (Entry entry : byPath.values()) {
      if (entry.kind() != EntryKind.DIRECTORY && folders.contains(entry.path())) {
        findings.add(Finding.error("'" + PathRules.printable(entry.path())
            + "' is both a " + entry.kind().name().toLowerCase(Locale.ROOT)
            + " and a folder in the zip"));
        continue;
      }
      accepted.add(switch (entry.kind()) {
        case DIRECTORY -> TreeEntry.directory(entry.path());
        case SYMLINK -> TreeEntry.symlink(entry.path(), entry.size());
        case FILE -> TreeEntry.file(entry.path(), entry.size(), (entry.mode() & 0111) != 0);
      });
    }
    return accepted;
  }

  private static String methodName(int method) {
    ZipMethod known = ZipMethod.getMethodByCode(method);
    return known == null ? "method-" + method : known.name().toLowerCase(Locale.ROOT);
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
