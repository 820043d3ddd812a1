package io.layerkit.archive;

import io.layerkit.digest.Sha256;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The identity of a layer's content, independent of how the zip was compressed: a JDK or zlib
 * upgrade changes the zip's bytes but not this digest, so it decides whether a package changed.
 *
 * <p>It is the lowercase hex SHA-256 of this UTF-8 text, one line per tree entry, parents
 * included, sorted by the UTF-8 bytes of the paths <em>without</em> a directory's trailing slash:
 *
 * <pre>
 * layerkit-content-v1\n
 * &lt;kind&gt; &lt;mode&gt; &lt;sha256&gt; &lt;path&gt;\n
 * </pre>
 *
 * where {@code kind} is {@code dir}, {@code file} or {@code link}; {@code mode} is the four-digit
 * octal mode layerkit stores ({@code 0755} directories and executables, {@code 0644} other files,
 * {@code 0777} links, see {@link TreeEntry#unixMode()}); {@code sha256} is the lowercase hex
 * SHA-256 of a file's bytes or of a link's target, and {@code -} for a directory; {@code path} is
 * the package-relative path without a trailing slash. Paths never hold a control character, so a
 * line cannot be forged by a name. Example line: {@code file 0755 9f86d0…15b0 bin/tool}.
 *
 * <p>That line order is v1's own and differs from the zip's ({@link PackageTree#ENTRY_ORDER}, where
 * a folder's name ends in {@code /}) wherever a folder's name is the start of a sibling's followed
 * by a byte below {@code /}, as in {@code acm/} and {@code acm-pca/}. It is kept on purpose: the
 * digest decides whether a package changed, and every release recorded so far holds a v1 digest
 * computed in this order, so another order would make each of them look changed once.
 *
 * <p>Entries may be added in any order (the archiver adds them as it writes, in the zip's order);
 * {@link #finish} sorts the lines. {@link #ofZip} recomputes the digest from an existing zip.
 */
public final class ContentDigest {
  public static final String VERSION_LINE = "layerkit-content-v1\n";

  /** v1's line order: the paths' UTF-8 bytes, a directory's path without its slash. */
  private static final Comparator<Line> V1_ORDER =
      Comparator.comparing(line -> line.entry().path(), PackageTree.PATH_ORDER);

  // References to what the caller holds anyway; the text is made while hashing, so a tree of
  // many entries does not hold its digest text twice.
  private record Line(TreeEntry entry, String contentSha256) {}

  private final List<Line> lines = new ArrayList<>();

  /**
   * Adds an entry.
   *
   * @param contentSha256 lowercase hex SHA-256 of the content; ignored for directories
   */
  public ContentDigest add(TreeEntry entry, String contentSha256) {
    lines.add(new Line(entry, contentSha256));
    return this;
  }

  /** The digest, lowercase hex. */
  public String finish() {
    lines.sort(V1_ORDER);
    MessageDigest sha256 = Sha256.newDigest();
    sha256.update(VERSION_LINE.getBytes(StandardCharsets.UTF_8));
    for (Line line : lines) {
      sha256.update(line(line.entry(), line.contentSha256()).getBytes(StandardCharsets.UTF_8));
    }
    return Sha256.hex(sha256);
  }

  /** The digest of a tree whose contents' SHA-256s are known by path. */
  public static String of(PackageTree tree, Map<String, String> sha256ByPath) {
    ContentDigest digest = new ContentDigest();
    for (TreeEntry entry : tree.entries()) {
      String sha = entry.isDirectory() ? null : sha256ByPath.get(entry.path());
      if (!entry.isDirectory() && sha == null) {
        throw new IllegalArgumentException("no SHA-256 for '" + entry.path() + "'");
      }
      digest.add(entry, sha);
    }
    return digest.finish();
  }

  /**
   * Recomputes the digest of an existing zip from its entries' contents, whichever tool wrote it.
   * Modes are normalised as layerkit stores them (any executable bit makes a file 0755), so a zip
   * of the same content made by another tool gets the same digest.
   *
   * @throws IOException when the file cannot be read as a zip, or it holds unsafe or duplicate
   *     paths
   */
  public static String ofZip(Path zip) throws IOException {
    ZipContents contents = ZipContents.read(zip);
    if (!contents.rejected().isEmpty()) {
      throw new IOException("'" + zip + "' holds entries a layer cannot have: "
          + contents.rejected().get(0).message());
    }
    return of(contents.tree(), contents.sha256ByPath());
  }

  /** One line of the canonical text; public so the format can be checked and reproduced. */
  public static String line(TreeEntry entry, String contentSha256) {
    String kind = switch (entry.kind()) {
      case DIRECTORY -> "dir";
      case FILE -> "file";
      case SYMLINK -> "link";
    };
    String sha = entry.isDirectory() ? "-" : contentSha256;
    return kind + " " + octal(entry.unixMode()) + " " + sha + " " + entry.path() + "\n";
  }

  /** Four octal digits; not String.format, whose pattern parsing would dominate big trees. */
  static String octal(int mode) {
    String digits = Integer.toOctalString(mode);
    return "0000".substring(Math.min(4, digits.length())) + digits;
  }
}
