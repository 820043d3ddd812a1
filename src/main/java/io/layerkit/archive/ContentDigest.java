package io.layerkit.archive;

import io.layerkit.digest.Sha256;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The identity of a layer's content, independent of how the zip was compressed: a JDK or zlib
 * upgrade changes the zip's bytes but not this digest, so it decides whether a package changed.
 *
 * <p>It is the lowercase hex SHA-256 of this UTF-8 text, one line per tree entry in
 * {@link PackageTree} order (UTF-8 byte order of the paths, parents included):
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
 * <p>Entries must be added in tree order; the archiver adds them as it writes, and
 * {@link #ofZip} recomputes the digest from an existing zip's contents.
 */
public final class ContentDigest {
  public static final String VERSION_LINE = "layerkit-content-v1\n";

  private final MessageDigest sha256;

  public ContentDigest() {
    sha256 = Sha256.newDigest();
    sha256.update(VERSION_LINE.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Adds the next entry.
   *
   * @param contentSha256 lowercase hex SHA-256 of the content; ignored for directories
   */
  public ContentDigest add(TreeEntry entry, String contentSha256) {
    sha256.update(line(entry, contentSha256).getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** The digest, lowercase hex. The instance cannot be used afterwards. */
  public String finish() {
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
