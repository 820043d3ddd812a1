package io.layerkit.source.local;

import io.layerkit.source.PackageSource;
import io.layerkit.source.Revision;
import io.layerkit.source.SourceException;
import io.layerkit.tree.PackageTree;
import io.layerkit.tree.PathRules;
import io.layerkit.tree.TreeEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Package folders on the local disk ({@code dir:PATH} or a plain path): the embedded default.
 *
 * <p>Names are read as UTF-8, the encoding of zip names: a JVM that decodes file names otherwise
 * is refused at construction, and a name whose bytes are not UTF-8 is refused by name.
 *
 * <p>Walks the folder without following symbolic links: a link is kept as a link, whatever it
 * points at, so nothing outside the package folder is ever read. {@code .git} folders are
 * skipped; other hidden files are kept, since layers legitimately contain them.
 */
public final class LocalDirectorySource implements PackageSource {
  private final Path root;
  private final OwnOutputs ownOutputs;
  // open() runs once per file from many threads; the folder is resolved once per package
  private final Map<String, Path> folders = new ConcurrentHashMap<>();

  /**
   * @throws IllegalArgumentException when this JVM cannot read file names as UTF-8 (see
   *     {@link #requireUtf8FileNames})
   */
  public LocalDirectorySource(Path root) {
    this(root, List.of());
  }

  /**
   * @param ownOutputs where this run writes (the {@code --out} folder, a {@code file:} store or
   *     registry): never part of a package, even inside one
   */
  public LocalDirectorySource(Path root, Collection<Path> ownOutputs) {
    requireUtf8FileNames(System.getProperty("sun.jnu.encoding"));
    this.root = root.toAbsolutePath().normalize();
    this.ownOutputs = new OwnOutputs(ownOutputs);
  }

  /**
   * File names on a Unix disk are bytes; the JVM decodes them with its file-name encoding, taken
   * from the locale at start-up and fixed afterwards. Anything but UTF-8 turns {@code café.py}
   * into {@code caf??.py}, a name that then cannot be opened, so the local source refuses to
   * start rather than fail on some names later. (Windows file names are UTF-16 and unaffected.)
   */
  static void requireUtf8FileNames(String fileNameEncoding) {
    boolean unix = java.io.File.separatorChar == '/';
    if (unix && fileNameEncoding != null && !isUtf8(fileNameEncoding)) {
      throw new IllegalArgumentException("this JVM reads file names as " + fileNameEncoding
          + ", not UTF-8, so names beyond ASCII would be garbled: run layerkit with a UTF-8"
          + " locale (LANG=C.UTF-8 or LC_ALL=C.UTF-8), e.g. through the ./layerkit launcher");
    }
  }

  private static boolean isUtf8(String encoding) {
    try {
      return Charset.forName(encoding).equals(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String describe() {
    return "dir:" + root;
  }

  @Override
  public Revision resolve(Optional<String> ref) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new SourceException("source folder " + root + " does not exist or is not a folder;"
          + " check --source");
    }
    if (ref.isPresent()) {
      throw new SourceException("--ref " + ref.get() + " needs a Git source; a local folder has"
          + " no refs (use --source git+file://" + root + " to read a commit)");
    }
    return Revision.ofFolder();
  }

  @Override
  public PackageTree list(Revision revision, String packagePath) throws IOException {
    Path folder = folderOf(packagePath);
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      throw new SourceException("package folder '" + packagePath + "' does not exist in " + root);
    }
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      throw new SourceException("package path '" + packagePath + "' in " + root
          + " is not a folder; give the folder that holds python/, nodejs/, bin/ ...");
    }
    Optional<GitWorkTreeSelection> git = GitWorkTreeSelection.of(folder, packagePath);
    List<TreeEntry> entries = new FolderListing(folder, git, ownOutputs).list();
    return PackageTree.of(packagePath, entries);
  }

  @Override
  public InputStream open(Revision revision, String packagePath, TreeEntry entry)
      throws IOException {
    Path file = folderOf(packagePath).resolve(entry.path());
    if (entry.isSymlink()) {
      return new ByteArrayInputStream(FolderListing.linkTarget(file));
    }
    try {
      return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    } catch (AccessDeniedException e) {
      throw FolderListing.unreadable(entry.path(), e);
    } catch (IOException e) {
      throw changedSinceListing(packagePath, entry.path(), e);
    }
  }

  /**
   * Why a listed file cannot be opened any more, found by looking at what is there now: the
   * system's own texts for these errors (ELOOP, ENOTDIR) name neither the file nor the change,
   * and may be translated.
   */
  private SourceException changedSinceListing(String packagePath, String path, IOException e)
      throws SourceException {
    Path folder = folderOf(packagePath);
    String stable = "; re-run when the folder is stable";
    String at = "'" + FolderListing.shown(path) + "' in " + packagePath;
    if (Files.isSymbolicLink(folder.resolve(path))) {
      return new SourceException(at + " became a symbolic link after it was listed" + stable, e);
    }
    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      Path parent = folder.resolve(path.substring(0, slash));
      if (Files.exists(parent, LinkOption.NOFOLLOW_LINKS)
          && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
        return new SourceException("'" + FolderListing.shown(path.substring(0, slash)) + "' in "
            + packagePath + " is no longer a folder" + stable, e);
      }
    }
    if (e instanceof NoSuchFileException || !Files.exists(folder.resolve(path),
        LinkOption.NOFOLLOW_LINKS)) {
      return new SourceException(at + " disappeared while building" + stable, e);
    }
    return new SourceException("cannot read " + at + ": " + FolderListing.reason(e), e);
  }

  private Path folderOf(String packagePath) throws SourceException {
    Path cached = folders.get(packagePath);
    if (cached != null) {
      return cached;
    }
    String folder = PathRules.normalizeFolder(packagePath);
    Path resolved = root.resolve(folder).normalize();
    if (!resolved.startsWith(root)) {
      throw new SourceException("package path '" + packagePath + "' lies outside " + root);
    }
    requireNoLinkOnTheWay(packagePath, resolved);
    folders.put(packagePath, resolved);
    return resolved;
  }

  /**
   * The file system follows a link anywhere in a path, so a linked package folder, or a linked
   * folder above it, would be walked wherever it points. The root itself is the user's choice.
   */
  private void requireNoLinkOnTheWay(String packagePath, Path folder) throws SourceException {
    Path current = root;
    for (Path segment : root.relativize(folder)) {
      current = current.resolve(segment);
      if (!current.equals(root) && Files.isSymbolicLink(current)) {
        throw new SourceException("package path '" + packagePath + "' passes through the symbolic"
            + " link '" + FolderListing.relative(root, current) + "' in " + root
            + "; links are never followed: give the real folder");
      }
    }
  }
}
