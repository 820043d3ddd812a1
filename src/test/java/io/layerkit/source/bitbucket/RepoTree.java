package io.layerkit.source.bitbucket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A repository tree held in memory for the tests: files (with Bitbucket's attributes) by their
 * repository path; folders are implied by the paths.
 */
public final class RepoTree {

  /** A file, link, LFS file or submodule as Bitbucket lists it. */
  record Blob(byte[] content, List<String> attributes) {
    long size() {
      return content.length;
    }
  }

  private final Map<String, Blob> blobs = new TreeMap<>();

  /**
   * A copy of a folder on disk, every file under {@code prefix}: bytes, executable bits and
   * symbolic links (kept as links) as Git would record them.
   */
  static RepoTree copyOf(Path folder, String prefix) throws IOException {
    RepoTree tree = new RepoTree();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(path -> Files.isSymbolicLink(path) || Files.isRegularFile(path))
          .sorted().toList();
    }
    for (Path file : files) {
      String path = prefix + "/" + folder.relativize(file).toString().replace('\\', '/');
      if (Files.isSymbolicLink(file)) {
        tree.symlink(path, Files.readSymbolicLink(file).toString());
      } else if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE)) {
        tree.withAttributes(path, Files.readAllBytes(file), "executable");
      } else {
        tree.file(path, Files.readAllBytes(file));
      }
    }
    return tree;
  }

  /** Checks the tree out under {@code root} the way Git would: modes, links, bytes. */
  void writeTo(Path root) throws IOException {
    for (Map.Entry<String, Blob> blob : blobs.entrySet()) {
      Path path = root.resolve(blob.getKey());
      Files.createDirectories(path.getParent());
      if (blob.getValue().attributes().contains("link")) {
        Files.createSymbolicLink(path,
            Path.of(new String(blob.getValue().content(), StandardCharsets.UTF_8)));
        continue;
      }
      Files.write(path, blob.getValue().content());
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
          blob.getValue().attributes().contains("executable") ? "rwxr-xr-x" : "rw-r--r--"));
    }
  }

  public RepoTree file(String path, String content) {
    return file(path, content.getBytes(StandardCharsets.UTF_8));
  }

  public RepoTree file(String path, byte[] content) {
    blobs.put(path, new Blob(content, List.of()));
    return this;
  }

  public RepoTree executable(String path, String content) {
    blobs.put(path, new Blob(content.getBytes(StandardCharsets.UTF_8), List.of("executable")));
    return this;
  }

  public RepoTree symlink(String path, String target) {
    blobs.put(path, new Blob(target.getBytes(StandardCharsets.UTF_8), List.of("link")));
    return this;
  }

  RepoTree withAttributes(String path, byte[] content, String... attributes) {
    blobs.put(path, new Blob(content, List.of(attributes)));
    return this;
  }

  Map<String, Blob> blobs() {
    return blobs;
  }

  Blob blob(String path) {
    return blobs.get(path);
  }

  /** Every folder holding something, the root ({@code ""}) included. */
  Set<String> directories() {
    Set<String> dirs = new LinkedHashSet<>();
    dirs.add("");
    for (String path : blobs.keySet()) {
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        dirs.add(path.substring(0, slash));
      }
    }
    return dirs;
  }

  /**
   * What a listing of {@code dir} {@code depth} levels deep holds, breadth first as Bitbucket
   * answers {@code max_depth}: its children, then their children folder by folder, and so on.
   */
  List<String> breadthFirst(String dir, int depth) {
    List<String> paths = new ArrayList<>();
    List<String> level = List.of(dir);
    for (int at = 0; at < depth && !level.isEmpty(); at++) {
      List<String> next = new ArrayList<>();
      for (String folder : level) {
        for (String child : children(folder)) {
          paths.add(child);
          if (child.endsWith("/")) {
            next.add(child.substring(0, child.length() - 1));
          }
        }
      }
      level = next;
    }
    return paths;
  }

  /**
   * The direct children of {@code dir}, in Git tree order (names compared as bytes, folders as if
   * they ended with '/'), the order Bitbucket says the SCM returns them in.
   */
  List<String> children(String dir) {
    String prefix = dir.isEmpty() ? "" : dir + "/";
    Set<String> names = new LinkedHashSet<>();
    for (String path : blobs.keySet()) {
      if (path.startsWith(prefix)) {
        String rest = path.substring(prefix.length());
        int slash = rest.indexOf('/');
        names.add(slash < 0 ? rest : rest.substring(0, slash) + "/");
      }
    }
    List<String> sorted = new ArrayList<>(names);
    sorted.sort((a, b) -> Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    List<String> paths = new ArrayList<>();
    for (String name : sorted) {
      paths.add(prefix + name);
    }
    return paths;
  }
}
