package io.layerkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command-line contract of DESIGN.md that scripts rely on: output streams and exit codes. */
class CommandLineContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  Path src;

  @BeforeEach
  void setUp() throws IOException {
    src = dir.resolve("src");
    Files.createDirectories(src.resolve("layers/req/python/req"));
    Files.writeString(src.resolve("layers/req/python/req/__init__.py"), "x = 1\n");
    Files.createDirectories(src.resolve("layers/tools/bin"));
    Path tool = Files.writeString(src.resolve("layers/tools/bin/tool"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(src.resolve("layers/flat/node_modules/left-pad"));
    Files.writeString(src.resolve("layers/flat/node_modules/left-pad/index.js"), "module.exports=1\n");
    Files.createDirectories(src.resolve("layers/empty/python"));
  }

  private String[] publish(String... more) {
    String[] base = {"publish", "--source", src.toString(), "--store", "file:" + dir.resolve("store"),
        "--registry", "file:" + dir.resolve("releases.json")};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @ParameterizedTest
  @ValueSource(strings = {"build", "publish", "plan", "inspect", "releases"})
  void everyCommandHasHelp(String command) {
    CliRun run = CliRun.of(command, "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: layerkit " + command);
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V", "build --version", "prune -V"})
  void theVersionIsPrintedOnStdout(String arguments) {
    String[] args = arguments.split(" ");
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = Main.commandLine(args);
    cli.setOut(new java.io.PrintWriter(out, true));

    assertThat(cli.execute(args)).isZero();
    assertThat(out.toString()).startsWith("layerkit ");
  }

  @Test
  void theVersionAloneBuildsNoSubcommand() {
    assertThat(Main.commandLine(new String[] {"--version"}).getSubcommands()).isEmpty();
    assertThat(Main.commandLine(new String[] {"--help"}).getSubcommands().keySet())
        .containsExactly("build", "publish", "plan", "inspect", "releases", "verify", "prune");
  }

  @Test
  void jsonPrintsOneObjectOnStdoutAndNothingElse() throws IOException {
    CliRun run = CliRun.of(publish("--json", "layers/req", "layers/tools"));

    assertThat(run.exitCode()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(run.out().strip().lines()).hasSize(1);
    assertThat(report.get("ok").asBoolean()).isTrue();
    assertThat(report.has("commit")).isTrue();
    JsonNode req = report.get("packages").get(0);
    assertThat(req.get("package").asText()).isEqualTo("req");
    assertThat(req.get("path").asText()).isEqualTo("layers/req");
    assertThat(req.get("status").asText()).isEqualTo("created");
    assertThat(req.get("sha256").asText()).hasSize(64);
    assertThat(req.get("files").asInt()).isEqualTo(1);
    assertThat(req.get("key").asText()).startsWith("req/req-").endsWith(".zip");
    assertThat(req.get("layerVersionArn").isNull()).isTrue();
    assertThat(req.get("error").isNull()).isTrue();

    CliRun again = CliRun.of(publish("--json", "layers/req", "layers/tools"));
    assertThat(JSON.readTree(again.out()).get("packages").get(0).get("status").asText())
        .isEqualTo("unchanged");
  }

  @Test
  void humanOutputGoesToStderrOnly() {
    CliRun run = CliRun.of(publish("layers/req"));
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("created   req  1 files");
  }

  @Test
  void aValidationFailureExitsThree() throws IOException {
    CliRun run = CliRun.of(publish("--json", "layers/flat"));
    assertThat(run.exitCode()).isEqualTo(3);
    JsonNode flat = JSON.readTree(run.out()).get("packages").get(0);
    assertThat(flat.get("status").asText()).isEqualTo("failed");
    assertThat(flat.get("error").asText()).contains("nodejs/node_modules");
    assertThat(Files.exists(dir.resolve("store"))).isFalse();
  }

  @Test
  void aLayerOverTheUnzippedLimitFailsBeforeAnythingIsStored() throws IOException {
    Files.createDirectories(src.resolve("layers/big/python"));
    Files.write(src.resolve("layers/big/python/blob.bin"), new byte[3 * 1024 * 1024]);
    Path config = Files.writeString(dir.resolve("limits.yaml"), "limits: {maxUnzippedMb: 2}\n");

    CliRun run = CliRun.of(publish("--config", config.toString(), "--json", "layers/big"));

    assertThat(run.exitCode()).isEqualTo(3);
    JsonNode big = JSON.readTree(run.out()).get("packages").get(0);
    assertThat(big.get("error").asText()).contains("3.0 MiB").contains("2.0 MiB");
    assertThat(Files.exists(dir.resolve("store"))).isFalse();
    assertThat(Files.exists(dir.resolve("releases.json"))).isFalse();
  }

  @Test
  void anEmptyPackageIsAValidationFailure() {
    CliRun run = CliRun.of(publish("layers/empty"));
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("failed    empty:");
  }

  @Test
  void aMissingPackageExitsOneAndNamesIt() {
    CliRun run = CliRun.of(publish("layers/req", "layers/nope"));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("failed    nope: package folder 'layers/nope' does not exist");
  }

  @Test
  void configurationErrorsExitTwoWithOneLine() throws IOException {
    Path config = Files.writeString(dir.resolve("layerkit.yaml"), "stor: file:x\n");
    CliRun run = CliRun.of(publish("--config", config.toString(), "layers/req"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo(
        "layerkit: error: " + config + " line 1: unknown key 'stor'; known keys here: apiUrl,"
            + " archive, aws, gitUrl, limits, out, packages, publish, ref, regions, registry, source,"
            + " store, token, transport, trust");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void withJsonAConfigurationErrorIsStillOneObjectOnStdout() throws IOException {
    CliRun run = CliRun.of(publish("--json", "--arch", "amd64", "layers/req"));
    assertThat(run.exitCode()).isEqualTo(2);
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("ok").asBoolean()).isFalse();
    assertThat(report.get("packages")).isEmpty();
    assertThat(report.get("error").asText()).startsWith("--arch 'amd64' is not an architecture Lambda");

    CliRun badOption = CliRun.of("publish", "--json", "--colour", "layers/req");
    assertThat(badOption.exitCode()).isEqualTo(2);
    assertThat(JSON.readTree(badOption.out()).get("error").asText())
        .contains("Unknown option: '--colour'");
  }

  @Test
  void aMissingSourceFolderOrARefOnAFolderAreUsageErrors() {
    CliRun missing = CliRun.of("build", "--source", dir.resolve("nope").toString(), "layers/req");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("does not exist or is not a folder");

    CliRun ref = CliRun.of("build", "--source", src.toString(), "--ref", "main", "layers/req");
    assertThat(ref.exitCode()).isEqualTo(2);
    assertThat(ref.err()).contains("--ref main needs a Git source");
  }

  @Test
  void unknownSchemesAndOptionsAreUsageErrors() {
    assertThat(CliRun.of(publish("--store", "ftp://x", "layers/req")).exitCode()).isEqualTo(2);
    CliRun unknownOption = CliRun.of("build", "--colour", "layers/req");
    assertThat(unknownOption.exitCode()).isEqualTo(2);
    assertThat(unknownOption.err()).contains("Unknown option: '--colour'");
  }

  @Test
  void buildWritesTheZipUnderItsPackageName() throws IOException {
    CliRun run = CliRun.of("build", "--source", "dir:" + src, "--out",
        dir.resolve("dist").toString(), "layers/tools");
    assertThat(run.exitCode()).isZero();
    assertThat(dir.resolve("dist/tools.zip")).isRegularFile();
    assertThat(run.err()).startsWith("built     tools");
  }

  @Test
  void anOutFolderThatIsAFileIsAUsageError() throws IOException {
    Path file = Files.writeString(dir.resolve("dist"), "not a folder");
    CliRun run = CliRun.of("build", "--source", src.toString(), "--out", file.toString(),
        "layers/tools", "layers/req");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("layerkit: error: --out " + file
        + " is a file, not a folder; give a folder for the zips");
  }

  @Test
  void releasesTakesAPackageByItsPathLikePublishDoes() throws IOException {
    Path config = Files.writeString(dir.resolve("layerkit.yaml"), """
        packages:
          - {path: layers/tools, name: hello-tools}
        """);
    assertThat(CliRun.of(publish("--config", config.toString(), "layers/tools", "layers/req"))
        .exitCode()).isZero();
    String registry = "file:" + dir.resolve("releases.json");

    for (String given : List.of("layers/tools", "hello-tools", "./layers/tools/")) {
      CliRun releases = CliRun.of("releases", "--config", config.toString(), "--registry",
          registry, given);
      assertThat(releases.out()).as(given).startsWith("hello-tools-");
    }
    assertThat(CliRun.of("releases", "--registry", registry, "layers/req").out())
        .startsWith("req-");
  }

  @Test
  void planAndReleasesReadWithoutWriting() throws IOException {
    CliRun plan = CliRun.of("plan", "--source", src.toString(), "--store",
        "file:" + dir.resolve("store"), "--registry", "file:" + dir.resolve("releases.json"),
        "layers/req");
    assertThat(plan.exitCode()).isZero();
    assertThat(plan.err()).startsWith("planned   req").contains("(no release recorded yet)");
    assertThat(Files.exists(dir.resolve("releases.json"))).isFalse();

    CliRun.of(publish("layers/req"));
    CliRun releases = CliRun.of("releases", "--registry", "file:" + dir.resolve("releases.json"));
    assertThat(releases.exitCode()).isZero();
    assertThat(releases.out()).startsWith("req-").contains("req/req-");
    CliRun json = CliRun.of("releases", "--json", "--registry",
        "file:" + dir.resolve("releases.json"), "req");
    assertThat(JSON.readTree(json.out()).get("releases").get(0).get("packageName").asText())
        .isEqualTo("req");
  }
}
