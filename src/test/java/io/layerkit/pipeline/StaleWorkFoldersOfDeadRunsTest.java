package io.layerkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.LambdaLayerValidator;
import io.layerkit.archive.LayerLimits;
import io.layerkit.archive.ReproducibleZipArchiver;
import io.layerkit.source.local.LocalDirectorySource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work folders left by runs that died ({@code kill -9}, a Lambda time-out) are removed when the
 * next run starts; a live run's folder never is, whether another process (here Python, holding
 * the same POSIX lock the JVM takes) or this one holds it, nor anything that is not a work folder.
 */
class StaleWorkFoldersOfDeadRunsTest {
  @TempDir Path root;
  @TempDir Path src;

  @Test
  void foldersOfDeadRunsGoAndLiveOnesStay() throws Exception {
    Path dead = workFolder("layerkit-1111", true, Duration.ofMinutes(2));
    Path legacy = workFolder("layerkit-2222", false, Duration.ofHours(2));
    Path recentLegacy = workFolder("layerkit-3333", false, Duration.ofMinutes(5));
    Path justCreated = workFolder("layerkit-4444", true, Duration.ZERO);
    Path live = workFolder("layerkit-5555", true, Duration.ofHours(3));
    Path gitSources = workFolder("layerkit-git-6666", true, Duration.ofHours(3));
    Process holder = lockInAnotherProcess(live.resolve(WorkFolder.LOCK_FILE));
    try (WorkFolder ours = WorkFolder.create(root)) {
      Files.write(ours.path().resolve("requests.zip"), new byte[1024]);
      age(ours.path(), Duration.ofHours(3));
      WorkFolder.sweep(root);

      assertThat(dead).doesNotExist();
      assertThat(legacy).doesNotExist();
      assertThat(recentLegacy).as("perhaps an older layerkit's live run").exists();
      assertThat(justCreated).as("perhaps not locked yet").exists();
      assertThat(live).as("held by a live process").exists();
      assertThat(gitSources).as("the Git source's own").exists();
      assertThat(ours.path().resolve("requests.zip")).as("held by this process").exists();
    } finally {
      holder.destroyForcibly().waitFor();
    }
    WorkFolder.sweep(root);
    assertThat(live).as("once its process died").doesNotExist();
  }

  @Test
  void aRunSweepsTheTempFolderWhenItStarts() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Path dead = Files.createTempDirectory(tmp, WorkFolder.PREFIX);
    Files.write(dead.resolve("requests.zip"), new byte[1024]);
    Files.createFile(dead.resolve(WorkFolder.LOCK_FILE));
    age(dead, Duration.ofMinutes(10));
    Files.createDirectories(src.resolve("layers/requests/python"));
    Files.writeString(src.resolve("layers/requests/python/requests.py"), "x = 1\n");

    Parts parts = new Parts(new LocalDirectorySource(src),
        new ReproducibleZipArchiver(ArchiveSettings.defaults()),
        new LambdaLayerValidator(LayerLimits.lambdaDefaults()), Optional.empty(),
        Optional.empty(), Optional.empty(), Clock.systemUTC());
    Report report = new LayerPipeline(parts, PipelineListener.NONE).run(new RunRequest(
        Mode.BUILD, Optional.empty(), List.of(new PackageJob("requests", "layers/requests",
            Optional.empty())), false, root, Pace.UNLIMITED, Builder.commandLine("test"),
        Optional.empty()));

    assertThat(report.exitCode()).isZero();
    assertThat(dead).doesNotExist();
  }

  /** A work folder with a zip in it, last changed {@code age} ago. */
  private Path workFolder(String name, boolean lockFile, Duration age) throws Exception {
    Path folder = Files.createDirectories(root.resolve(name));
    Files.write(folder.resolve("requests.zip"), new byte[1024]);
    if (lockFile) {
      Files.createFile(folder.resolve(WorkFolder.LOCK_FILE));
    }
    age(folder, age);
    return folder;
  }

  private static void age(Path folder, Duration age) throws Exception {
    Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minus(age)));
  }

  private static Process lockInAnotherProcess(Path lockFile) throws Exception {
    Process holder = new ProcessBuilder("python3", "-c", """
        import fcntl, sys, time
        f = open(sys.argv[1], "w")
        fcntl.lockf(f, fcntl.LOCK_EX)
        print("locked", flush=True)
        time.sleep(60)
        """, lockFile.toString()).start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("locked");
    return holder;
  }
}
