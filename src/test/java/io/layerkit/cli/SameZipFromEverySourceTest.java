package io.layerkit.cli;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.source.bitbucket.BitbucketApiStub;
import io.layerkit.source.bitbucket.RepoTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN's promise, through the command line: the same package at the same commit gives the same
 * zip bytes whichever source fetched it — a checkout on disk, the commit through Git, and the
 * Bitbucket API (WireMock with the API's payload shapes).
 */
class SameZipFromEverySourceTest {
  @RegisterExtension static final WireMockExtension BITBUCKET = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();
  private static final String FOLDER = "lambda/layers/tools";

  @TempDir Path work;
  private final RepoTree repo = new RepoTree();
  private Path checkout;

  private void file(String path, String content, boolean executable) throws IOException {
    Path file = checkout.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    if (executable) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      repo.executable(path, content);
    } else {
      repo.file(path, content);
    }
  }

  private void link(String path, String target) throws IOException {
    Path link = checkout.resolve(path);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, Path.of(target));
    repo.symlink(path, target);
  }

  @Test
  void theFolderGitAndTheApiGiveTheSameZip() throws Exception {
    checkout = work.resolve("checkout");
    file(FOLDER + "/bin/tool", "#!/bin/sh\necho tool\n", true);
    link(FOLDER + "/bin/t", "tool");
    file(FOLDER + "/python/tools/__init__.py", "", false);
    file(FOLDER + "/python/tools/\u00e9t\u00e9 #1 & more.py", "print('\u65e5\u672c')\n", false);
    file(FOLDER + "/lib/native/v1/readme.txt", "native\n".repeat(500), false);
    link(FOLDER + "/lib/native/current", "v1");
    file("README.md", "not in the layer\n", false);
    run(checkout, "git", "init", "-q", "-b", "main");
    run(checkout, "git", "add", "-A");
    run(checkout, "git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q",
        "-m", "layers");
    String commit = run(checkout, "git", "rev-parse", "HEAD").strip();
    BitbucketApiStub api = new BitbucketApiStub(BITBUCKET.getRuntimeInfo().getWireMock(),
        BITBUCKET.baseUrl(), "acme", "platform");
    api.repository("main");
    api.branch("main", commit);
    api.tree(commit, repo, 2);

    byte[] fromFolder = build("dist-dir", "--source", "dir:" + checkout);
    byte[] fromGit = build("dist-git", "--source", "git+file://" + checkout, "--ref", "main");
    byte[] fromApi = build("dist-api", "--source", "bitbucket://acme/platform",
        "--api-url", BITBUCKET.baseUrl(), "--ref", "main");

    assertThat(fromGit).isEqualTo(fromFolder);
    assertThat(fromApi).isEqualTo(fromFolder);
  }

  private byte[] build(String out, String... source) throws IOException {
    List<String> args = new ArrayList<>(List.of("build", "--out",
        work.resolve(out).toString()));
    args.addAll(List.of(source));
    args.add(FOLDER);
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Files.readAllBytes(work.resolve(out).resolve("tools.zip"));
  }

  private static String run(Path dir, String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }
}
