package io.layerkit.archive;

import io.layerkit.source.PackageTree;
import io.layerkit.source.TreeEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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

  private static List<TreeEntry> list(Path folder) throws IOException {
    List<TreeEntry> entries = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (path.equals(folder)) {
          continue;
        }
        String relative = folder.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
          entries.add(TreeEntry.symlink(relative, linkTarget(path).length));
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          entries.add(TreeEntry.directory(relative));
        } else {
          boolean executable = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)
              .contains(PosixFilePermission.OWNER_EXECUTE);
          entries.add(TreeEntry.file(relative, Files.size(path), executable));
        }
      }
    }
    return entries;
  }

  private static byte[] linkTarget(Path link) throws IOException {
    return Files.readSymbolicLink(link).toString().getBytes(StandardCharsets.UTF_8);
  }
}
