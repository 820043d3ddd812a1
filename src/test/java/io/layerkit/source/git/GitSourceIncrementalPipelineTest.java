package io.layerkit.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.LambdaLayerValidator;
import io.layerkit.archive.LayerLimits;
import io.layerkit.archive.ReproducibleZipArchiver;
import io.layerkit.pipeline.Builder;
import io.layerkit.pipeline.LayerPipeline;
import io.layerkit.pipeline.Mode;
import io.layerkit.pipeline.Pace;
import io.layerkit.pipeline.PackageJob;
import io.layerkit.pipeline.PackageResult;
import io.layerkit.pipeline.PackageStatus;
import io.layerkit.pipeline.Parts;
import io.layerkit.pipeline.PipelineListener;
import io.layerkit.pipeline.Report;
import io.layerkit.pipeline.RunRequest;
import io.layerkit.registry.Release;
import io.layerkit.registry.file.FileReleaseRegistry;
import io.layerkit.store.file.FileArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a Git source, run after run: a commit that only touches other folders
 * leaves every package {@code unchanged} without a single blob read (or, from a server that
 * offers partial fetches, even downloaded), and a commit to one package rebuilds that one only,
 * never reading the other's files.
 */
class GitSourceIncrementalPipelineTest {
  @TempDir Path work;
  private FixtureRepository repo;
  private FileArtifactStore store;
  private FileReleaseRegistry registry;
  private Instant now = Instant.parse("2026-11-23T22:35:00Z");

  @BeforeEach
  void createRepository() {
    repo = FixtureRepository.init(work.resolve("remote"));
    repo.write("layers/requests/python/requests/__init__.py", "print('hi')\n")
        .write("layers/requests/python/requests/api.py", "def get(): pass\n")
        .executable("layers/tools/bin/tool", "#!/bin/sh\necho tool\n")
        .symlink("layers/tools/bin/t", "tool")
        .write("config/accounts.yaml", "accounts: []\n")
        .commit("layers");
    repo.config("uploadpack.allowFilter", "true");
    store = new FileArtifactStore(work.resolve("store"));
    registry = new FileReleaseRegistry(work.resolve("releases.json"));
  }

  private record Run(Report report, long requests, CountingObjectReader.Counts counts) {
    PackageResult result(String name) {
      return report.packages().stream().filter(p -> p.packageName().equals(name)).findFirst()
          .orElseThrow();
    }
  }

  private Run run(Mode mode) throws IOException {
    CountingObjectReader.Counts counts = new CountingObjectReader.Counts();
    try (GitSource source = new GitSource(GitSourceSettings
        .forSourceUri(repo.fileSourceUri(), Optional.empty(), Optional.empty())
        .withTempRoot(work.resolve("tmp")),
        repository -> new CountingObjectReader(repository.newObjectReader(), counts))) {
      Parts parts = new Parts(source, new ReproducibleZipArchiver(ArchiveSettings.defaults()),
          new LambdaLayerValidator(LayerLimits.lambdaDefaults()), Optional.of(store),
          Optional.of(registry), Optional.empty(), Clock.fixed(now, ZoneOffset.UTC));
      Report report = new LayerPipeline(parts, PipelineListener.NONE).run(new RunRequest(mode,
          Optional.empty(), List.of(job("layers/requests"), job("layers/tools")), false, work,
          Pace.UNLIMITED, Builder.commandLine("test"), Optional.empty()));
      now = now.plusSeconds(60);
      return new Run(report, source.requestCount(), counts);
    }
  }

  private static PackageJob job(String path) {
    return new PackageJob(path.substring(path.lastIndexOf('/') + 1), path, Optional.empty());
  }

  private List<Path> stored() throws IOException {
    try (Stream<Path> files = Files.walk(work.resolve("store"))) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private ObjectId blob(String path) {
    return ObjectId.fromString(repo.git("rev-parse", "HEAD:" + path).trim());
  }

  @Test
  void unchangedFoldersCostNoBlobAndAChangedOneRebuildsAlone() throws IOException {
    Run first = run(Mode.PUBLISH);
    assertThat(first.report().packages()).extracting(PackageResult::status)
        .containsExactly(PackageStatus.CREATED, PackageStatus.CREATED);
    Release recorded = registry.current("requests").orElseThrow();
    assertThat(recorded.fingerprint())
        .isEqualTo(repo.git("rev-parse", "HEAD:layers/requests").trim());
    assertThat(recorded.source()).isEqualTo(repo.fileSourceUri());
    List<Path> storedAfterFirst = stored();

    repo.write("config/accounts.yaml", "accounts: [111122223333]\n").commit("config only");
    Run second = run(Mode.PUBLISH);

    assertThat(second.report().commit()).isEqualTo(repo.head());
    assertThat(second.report().packages()).extracting(PackageResult::status)
        .containsExactly(PackageStatus.UNCHANGED, PackageStatus.UNCHANGED);
    assertThat(second.result("requests").reason()).startsWith("folder fingerprint ")
        .endsWith(" unchanged");
    assertThat(second.counts().blobReads()).isZero();
    assertThat(second.requests()).isEqualTo(2); // ls-remote + the trees; no file content
    assertThat(stored()).isEqualTo(storedAfterFirst);

    repo.write("layers/tools/bin/tool", "#!/bin/sh\necho tool 2\n").commit("tools changed");
    Run plan = run(Mode.PLAN);
    assertThat(plan.report().packages()).extracting(PackageResult::status)
        .containsExactly(PackageStatus.UNCHANGED, PackageStatus.PLANNED);
    assertThat(plan.result("tools").reason()).startsWith("content changed since tools-");

    Run third = run(Mode.PUBLISH);
    assertThat(third.report().packages()).extracting(PackageResult::status)
        .containsExactly(PackageStatus.UNCHANGED, PackageStatus.CREATED);
    assertThat(third.counts().blobsOpened).contains(blob("layers/tools/bin/tool"))
        .doesNotContain(blob("layers/requests/python/requests/__init__.py"),
            blob("layers/requests/python/requests/api.py"));
    assertThat(registry.current("tools").orElseThrow().fingerprint())
        .isEqualTo(repo.git("rev-parse", "HEAD:layers/tools").trim());
    assertThat(work.resolve("tmp")).isEmptyDirectory();
  }
}
