package io.layerkit.source.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Git repository with a working tree, built by the {@code git} command line so that the
 * source is tested against objects made by Git itself, not by the library under test. Runs git
 * with no user or system configuration and fixed identities and dates.
 */
public final class FixtureRepository {
  private final Path folder;
  private int commits;

  private FixtureRepository(Path folder) {
    this.folder = folder;
  }

  public static FixtureRepository init(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FixtureRepository repo = new FixtureRepository(folder);
    repo.git("init", "-q", "-b", "main");
    repo.git("config", "core.symlinks", "true");
    return repo;
  }

  public Path folder() {
    return folder;
  }

  /** {@code git+file:///...}, the source URI of this repository. */
  public String fileSourceUri() {
    return "git+file://" + folder.toAbsolutePath();
  }

  public FixtureRepository write(String path, String content) {
    return write(path, content.getBytes(StandardCharsets.UTF_8));
  }

  public FixtureRepository write(String path, byte[] content) {
    try {
      Path file = folder.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public FixtureRepository executable(String path, String content) {
    return executable(path, content.getBytes(StandardCharsets.UTF_8));
  }

  public FixtureRepository executable(String path, byte[] content) {
    write(path, content);
    try {
      Files.setPosixFilePermissions(folder.resolve(path), PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public FixtureRepository symlink(String path, String target) {
    try {
      Path link = folder.resolve(path);
      Files.createDirectories(link.getParent());
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, Path.of(target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Records a submodule (a gitlink, mode 160000) at {@code path} without cloning anything. */
  public FixtureRepository gitlink(String path, String commitId) {
    git("update-index", "--add", "--cacheinfo", "160000," + commitId + "," + path);
    return this;
  }

  public FixtureRepository delete(String path) {
    git("rm", "-r", "-q", "--", path);
    return this;
  }

  /** Stages everything and commits; returns the new commit id. */
  public String commit(String message) {
    commits++;
    git("add", "-A");
    git("commit", "-q", "--allow-empty", "-m", message);
    return head();
  }

  /** Commits the index as staged, for entries such as gitlinks that have no file to add. */
  public String commitIndex(String message) {
    commits++;
    git("commit", "-q", "-m", message);
    return head();
  }

  public String head() {
    return git("rev-parse", "HEAD").trim();
  }

  public FixtureRepository branch(String name) {
    git("branch", "-f", name);
    return this;
  }

  public FixtureRepository checkout(String... args) {
    String[] command = new String[args.length + 2];
    command[0] = "checkout";
    command[1] = "-q";
    System.arraycopy(args, 0, command, 2, args.length);
    git(command);
    return this;
  }

  public FixtureRepository lightweightTag(String name) {
    git("tag", name);
    return this;
  }

  public FixtureRepository annotatedTag(String name, String message) {
    git("tag", "-a", name, "-m", message);
    return this;
  }

  public FixtureRepository config(String key, String value) {
    git("config", key, value);
    return this;
  }

  public String git(String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
    Map<String, String> env = builder.environment();
    isolate(env, folder);
    String date = "2026-01-01T00:00:" + String.format("%02d", Math.min(commits, 59)) + "Z";
    env.put("GIT_AUTHOR_DATE", date);
    env.put("GIT_COMMITTER_DATE", date);
    builder.redirectErrorStream(true);
    try {
      Process process = builder.start();
      String output;
      try (InputStream in = process.getInputStream()) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        output = buffer.toString(StandardCharsets.UTF_8);
      }
      int status = process.waitFor();
      if (status != 0) {
        throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Keeps the developer's and the machine's Git configuration out of the fixtures. */
  public static void isolate(Map<String, String> env, Path home) {
    env.put("HOME", home.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("GIT_AUTHOR_NAME", "Fixture");
    env.put("GIT_AUTHOR_EMAIL", "fixture@example.invalid");
    env.put("GIT_COMMITTER_NAME", "Fixture");
    env.put("GIT_COMMITTER_EMAIL", "fixture@example.invalid");
  }
}
