package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.source.bitbucket.RepoTree;
import io.layerkit.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function never depends on the platform's encoding: Lambda's Java runtime sets
 * {@code LANG=en_US.UTF-8}, but a function configured with another {@code LANG} (or none) still
 * names files exactly as Bitbucket's JSON does, since names travel as UTF-8 from the API into the
 * zip and never through the file system. Here the function runs in a fresh JVM with
 * {@code LANG=C} (file names and stdout in ASCII) and builds a file named {@code café.py}.
 */
class FunctionWithoutAUtf8LocaleTest {
  @RegisterExtension static final FunctionServers SERVERS = new FunctionServers();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMIT = "3c1f0e9d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";

  @Test
  void aFileNamedBeyondAsciiKeepsItsNameUnderLangC(@TempDir Path dir) throws Exception {
    FunctionRig rig = SERVERS.rig();
    rig.bitbucket.repository("main");
    rig.bitbucket.branch("main", COMMIT);
    rig.bitbucket.commit(COMMIT, COMMIT);
    rig.bitbucket.tree(COMMIT, new RepoTree()
        .file("lambda/layers/requests/python/requests/café.py", "x = 'é'\n")
        .file("lambda/layers/requests/python/requests/__init__.py", "")
        .file("lambda/layers/tools/bin/naïve", "#!/bin/sh\n"), 100);
    Path event = Files.writeString(dir.resolve("event.json"),
        "{\"packages\": [\"lambda/layers/requests\"]}");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LocalInvoke.class.getName(),
        event.toString())
        .redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("LC_")
        || name.equals("LANG"));
    env.put("LANG", "C");
    env.putAll(rig.variables);
    env.put("AWS_ENDPOINT_URL", SERVERS.moto.endpoint().toString());
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY);

    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String stdout = Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8);
    String stderr = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(stderr).isZero();
    List<String> lines = stdout.lines().toList();
    JsonNode response = JSON.readTree(lines.get(lines.size() - 1));
    assertThat(response.path("packages").get(0).path("status").asText()).as(stdout)
        .isEqualTo("created");

    String key = response.path("packages").get(0).path("key").asText();
    byte[] zip = rig.s3.getObjectAsBytes(b -> b.bucket(FunctionRig.BUCKET).key(key)).asByteArray();
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip),
        StandardCharsets.UTF_8)) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        names.add(entry.getName());
      }
    }
    assertThat(names).contains("python/requests/café.py", "python/requests/__init__.py");
  }
}
