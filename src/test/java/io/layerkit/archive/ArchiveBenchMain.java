package io.layerkit.archive;

import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the archiver alone on a folder, for bench/zip-bench.sh while the CLI's {@code build}
 * command is not there: {@code ArchiveBenchMain ROOT PACKAGE_PATH OUT_ZIP [CONCURRENCY]}. It lists
 * the folder the way a local source would (links kept, never followed) and prints the result.
 */
public final class ArchiveBenchMain {
  private ArchiveBenchMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: ArchiveBenchMain ROOT PACKAGE_PATH OUT_ZIP [CONCURRENCY]");
      System.exit(2);
    }
    Path folder = Path.of(args[0]).resolve(args[1]);
    ArchiveSettings settings = ArchiveSettings.defaults();
    if (args.length > 3) {
      settings = settings.withConcurrency(Integer.parseInt(args[3]));
    }
    PackageTree tree = PackageTree.of(args[1], list(folder));
    ArchiveResult result = new ReproducibleZipArchiver(settings).archive(tree,
        entry -> entry.isSymlink()
            ? new ByteArrayInputStream(linkTarget(folder.resolve(entry.path())))
            : Files.newInputStream(folder.resolve(entry.path())),
        Path.of(args[2]), ArchiveProgress.NONE);
    System.err.println(result);
  }

  /** Like a local source would: links kept as links, never followed. */
  private static List<TreeEntry> list(Path folder) throws IOException {
    List<TreeEntry> entries = new ArrayList<>();
    Files.walkFileTree(folder, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
        if (!dir.equals(folder)) {
          entries.add(TreeEntry.directory(folder.relativize(dir).toString()));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        String relative = folder.relativize(file).toString();
        if (attributes.isSymbolicLink()) {
          entries.add(TreeEntry.symlink(relative, linkTarget(file).length));
        } else {
          boolean executable = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
              .contains(PosixFilePermission.OWNER_EXECUTE);
          entries.add(TreeEntry.file(relative, attributes.size(), executable));
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return entries;
  }

  private static byte[] linkTarget(Path link) throws IOException {
    return Files.readSymbolicLink(link).toString().getBytes(StandardCharsets.UTF_8);
  }
}
