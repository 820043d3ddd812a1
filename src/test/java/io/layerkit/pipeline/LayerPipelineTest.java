package io.layerkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.archive.ArchiveProgress;
import io.layerkit.archive.ArchiveResult;
import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.ContentOpener;
import io.layerkit.archive.LambdaLayerValidator;
import io.layerkit.archive.LayerArchiver;
import io.layerkit.archive.LayerLimits;
import io.layerkit.archive.ReproducibleZipArchiver;
import io.layerkit.publish.LayerPublisher;
import io.layerkit.publish.LayerVersionRequest;
import io.layerkit.publish.PublishException;
import io.layerkit.publish.PublishedLayer;
import io.layerkit.registry.Lease;
import io.layerkit.registry.PackageLeases;
import io.layerkit.registry.Release;
import io.layerkit.registry.file.FileReleaseRegistry;
import io.layerkit.source.local.LocalDirectorySource;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.ArtifactUpload;
import io.layerkit.store.StoreException;
import io.layerkit.store.StoredObject;
import io.layerkit.store.file.FileArtifactStore;
import io.layerkit.tree.PackageTree;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerPipelineTest {
  @TempDir Path dir;
  Path src;
  FileArtifactStore store;
  FileReleaseRegistry registry;
  final List<LogEvent> logs = new CopyOnWriteArrayList<>();
  final List<PackageResult> finished = new CopyOnWriteArrayList<>();
  final PipelineListener listener = new PipelineListener() {
    @Override
    public void log(LogEvent event) {
      logs.add(event);
    }

    @Override
    public void packageFinished(PackageResult result) {
      finished.add(result);
    }
  };
  Instant now = Instant.parse("2026-11-23T22:35:00Z");

  @BeforeEach
  void setUp() throws IOException {
    src = dir.resolve("repo");
    write("layers/requests/python/requests/__init__.py", "print('hi')\n");
    write("layers/requests/python/requests/api.py", "def get(): pass\n");
    write("layers/tools/bin/tool", "#!/bin/sh\necho tool\n");
    Files.setPosixFilePermissions(src.resolve("layers/tools/bin/tool"),
        PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(src.resolve("layers/tools/bin/t"), Path.of("tool"));
    write("layers/wrong/site-packages/requests/__init__.py", "x\n");
    store = new FileArtifactStore(dir.resolve("store"));
    registry = new FileReleaseRegistry(dir.resolve("releases.json"));
  }

  private void write(String path, String content) throws IOException {
    Path file = src.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /** Packages named after their folders, publishing no layer. */
  static List<PackageJob> jobs(String... paths) {
    return Stream.of(paths).map(path -> new PackageJob(
        path.substring(path.lastIndexOf('/') + 1), path, Optional.empty())).toList();
  }

  static RunRequest request(Mode mode, List<PackageJob> jobs, boolean force, Path outDir) {
    return new RunRequest(mode, Optional.empty(), jobs, force, outDir, Pace.UNLIMITED,
        Builder.commandLine("test"), Optional.empty());
  }

  private Report run(Mode mode, List<PackageJob> jobs) {
    return run(request(mode, jobs, false, dir), store, Optional.empty());
  }

  private Report run(RunRequest request, ArtifactStore artifactStore,
      Optional<LayerPublisher> publisher) {
    Parts parts = new Parts(new LocalDirectorySource(src),
        new ReproducibleZipArchiver(ArchiveSettings.defaults()),
        new LambdaLayerValidator(LayerLimits.lambdaDefaults()),
        Optional.of(artifactStore), Optional.of(registry), publisher,
        Clock.fixed(now, ZoneOffset.UTC));
    return new LayerPipeline(parts, listener).run(request);
  }

  private List<Path> storedFiles() throws IOException {
    if (!Files.exists(dir.resolve("store"))) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void firstRunCreatesSecondRunIsUnchangedAndWritesNothing() throws IOException {
    Report first = run(Mode.PUBLISH, jobs("layers/requests", "layers/tools"));

    assertThat(first.exitCode()).isZero();
    assertThat(first.packages()).extracting(PackageResult::status)
        .containsExactly(PackageStatus.CREATED, PackageStatus.CREATED);
    PackageResult requests = first.packages().get(0);
    assertThat(requests.key()).isEqualTo("requests/requests-20261123223500.zip");
    assertThat(requests.files()).isEqualTo(2);
    assertThat(requests.reason()).isEqualTo("no release recorded yet");
    Release recorded = registry.current("requests").orElseThrow();
    assertThat(recorded.name()).isEqualTo("requests-20261123223500");
    assertThat(recorded.sha256()).isEqualTo(requests.sha256());
    assertThat(recorded.packagePath()).isEqualTo("layers/requests");
    assertThat(Files.size(dir.resolve("store/requests/requests-20261123223500.zip")))
        .isEqualTo(requests.size());
    List<Path> afterFirst = storedFiles();

    now = now.plusSeconds(3600);
    Report second = run(Mode.PUBLISH, jobs("layers/requests", "layers/tools"));

    assertThat(second.packages()).extracting(PackageResult::status)
        .containsExactly(PackageStatus.UNCHANGED, PackageStatus.UNCHANGED);
    assertThat(second.packages().get(0).reason())
        .isEqualTo("content digest unchanged since requests-20261123223500");
    assertThat(second.packages().get(0).sha256()).isEqualTo(requests.sha256());
    assertThat(storedFiles()).isEqualTo(afterFirst);
    assertThat(registry.history("requests")).hasSize(1);
    // every package is reported to the listener exactly once per run
    assertThat(finished).hasSize(4);
  }

  /** a/x and b/x take turns as "x": the second is refused until one of them is renamed. */
  @Test
  void aSecondFolderUnderAReleasedNameIsRefusedUntilRenamed() throws IOException {
    write("other/requests/python/requests/__init__.py", "print('other')\n");
    assertThat(run(Mode.PUBLISH, jobs("layers/requests")).exitCode()).isZero();
    List<Path> stored = storedFiles();

    for (Mode mode : List.of(Mode.PLAN, Mode.PUBLISH)) {
      Report clash = run(mode, jobs("other/requests"));

      PackageResult refused = clash.packages().get(0);
      assertThat(refused.status()).isEqualTo(PackageStatus.FAILED);
      assertThat(refused.error()).isEqualTo("package requests is released from layers/requests"
          + " (requests-20261123223500), not from other/requests: each folder needs its own"
          + " package name; rename this one as NAME=FOLDER (e.g. other-requests=other/requests)"
          + " or with name: in layerkit.yaml");
    }
    assertThat(storedFiles()).isEqualTo(stored);
    assertThat(registry.history("requests")).extracting(Release::packagePath)
        .containsExactly("layers/requests");

    Report renamed = run(Mode.PUBLISH, List.of(new PackageJob("other-requests", "other/requests",
        Optional.empty())));
    assertThat(renamed.packages().get(0).status()).isEqualTo(PackageStatus.CREATED);
  }

  /**
   * A publish takes each package's lease, waiting at most what its pace leaves (a Lambda
   * invocation must still report), never longer than 14 minutes; build and plan take none.
   */
  @Test
  void aPublishTakesEachPackagesLeaseForNoLongerThanItsPaceLeaves() throws IOException {
    List<String> taken = new ArrayList<>();
    PackageLeases leases = new PackageLeases() {
      @Override
      public String describe() {
        return "leases";
      }

      @Override
      public Lease take(String packageName, Duration longestWait, Consumer<String> waiting) {
        taken.add(packageName + " " + longestWait);
        return () -> taken.add(packageName + " given back");
      }
    };
    Pace halfAMinuteLeft = new Pace() {
      @Override
      public boolean roomForAnother(Duration slowestSoFar) {
        return true;
      }

      @Override
      public Duration timeLeft() {
        return Duration.ofSeconds(30);
      }
    };
    Parts parts = new Parts(new LocalDirectorySource(src),
        new ReproducibleZipArchiver(ArchiveSettings.defaults()),
        new LambdaLayerValidator(LayerLimits.lambdaDefaults()), Optional.of(store),
        Optional.of(registry), Optional.empty(), Clock.fixed(now, ZoneOffset.UTC),
        List.of(), Optional.of(leases), Optional.empty());
    List<PackageJob> jobs = jobs("layers/requests", "layers/tools");

    new LayerPipeline(parts, listener).run(request(Mode.PLAN, jobs, false, dir));
    new LayerPipeline(parts, listener).run(request(Mode.PUBLISH, jobs, false, dir));
    new LayerPipeline(parts, listener).run(new RunRequest(Mode.PUBLISH, Optional.empty(),
        jobs("layers/requests"), false, dir, halfAMinuteLeft, Builder.commandLine("test"),
        Optional.empty()));

    assertThat(taken).containsExactly("requests PT14M", "requests given back", "tools PT14M",
        "tools given back", "requests PT30S", "requests given back");
  }

  @Test
  void changedContentCreatesANewReleaseAndKeepsHistory() throws IOException {
    run(Mode.PUBLISH, jobs("layers/requests"));
    write("layers/requests/python/requests/api.py", "def get(): return 1\n");
    now = now.plusSeconds(60);

    Report report = run(Mode.PUBLISH, jobs("layers/requests"));

    assertThat(report.packages().get(0).status()).isEqualTo(PackageStatus.CREATED);
    assertThat(report.packages().get(0).reason())
        .isEqualTo("content changed since requests-20261123223500");
    assertThat(registry.history("requests")).extracting(Release::name)
        .containsExactly("requests-20261123223500", "requests-20261123223600");
  }

  @Test
  void forceStoresAgainAndReusesTheIdenticalObject() throws IOException {
    run(Mode.PUBLISH, jobs("layers/requests"));
    now = now.plusSeconds(60);
    Report report = run(request(Mode.PUBLISH, jobs("layers/requests"), true, dir), store,
        Optional.empty());

    assertThat(report.packages().get(0).status()).isEqualTo(PackageStatus.CREATED);
    assertThat(report.packages().get(0).reason()).isEqualTo("--force");
    // same bytes: the stored object is reused instead of uploaded twice
    assertThat(report.packages().get(0).key()).isEqualTo("requests/requests-20261123223500.zip");
    assertThat(registry.history("requests")).hasSize(2);
  }

  @Test
  void aValidationFailureStoresNothingAndOtherPackagesStillRun() throws IOException {
    Report report = run(Mode.PUBLISH, jobs("layers/wrong", "layers/tools"));

    assertThat(report.packages()).extracting(PackageResult::status)
        .containsExactly(PackageStatus.FAILED, PackageStatus.CREATED);
    PackageResult wrong = report.packages().get(0);
    assertThat(wrong.failure()).isEqualTo(FailureKind.VALIDATION);
    assertThat(wrong.error()).contains("site-packages").doesNotContain("\n");
    assertThat(report.exitCode()).isEqualTo(3);
    assertThat(registry.current("wrong")).isEmpty();
    assertThat(Files.exists(dir.resolve("store/wrong"))).isFalse();
    assertThat(finished).extracting(PackageResult::packageName).containsExactly("wrong", "tools");
  }

  @Test
  void aMissingPackageFailsAloneWithExitOne() {
    Report report = run(Mode.PUBLISH, jobs("layers/missing", "layers/tools"));
    assertThat(report.packages().get(0).error())
        .isEqualTo("package folder 'layers/missing' does not exist in " + src.toAbsolutePath());
    assertThat(report.packages().get(1).status()).isEqualTo(PackageStatus.CREATED);
    assertThat(report.exitCode()).isEqualTo(1);
  }

  @Test
  void planWritesNothingAndSaysWhy() throws IOException {
    Report plan = run(Mode.PLAN, jobs("layers/requests"));
    assertThat(plan.packages().get(0).status()).isEqualTo(PackageStatus.PLANNED);
    assertThat(plan.packages().get(0).reason()).isEqualTo("no release recorded yet");
    assertThat(storedFiles()).isEmpty();
    assertThat(Files.exists(dir.resolve("releases.json"))).isFalse();

    run(Mode.PUBLISH, jobs("layers/requests"));
    assertThat(run(Mode.PLAN, jobs("layers/requests")).packages().get(0).status())
        .isEqualTo(PackageStatus.UNCHANGED);
  }

  @Test
  void buildWritesStableNamesAndTouchesNoRegistry() throws IOException {
    RunRequest build = request(Mode.BUILD, jobs("layers/tools"), false,
        Files.createDirectories(dir.resolve("dist")));
    Parts parts = new Parts(new LocalDirectorySource(src),
        new ReproducibleZipArchiver(ArchiveSettings.defaults()),
        new LambdaLayerValidator(LayerLimits.lambdaDefaults()),
        Optional.empty(), Optional.empty(), Optional.empty(), Clock.systemUTC());

    Report report = new LayerPipeline(parts, listener).run(build);

    assertThat(report.packages().get(0).status()).isEqualTo(PackageStatus.BUILT);
    assertThat(report.packages().get(0).key()).isEqualTo(dir.resolve("dist/tools.zip").toString());
    byte[] first = Files.readAllBytes(dir.resolve("dist/tools.zip"));
    new LayerPipeline(parts, listener).run(build);
    assertThat(Files.readAllBytes(dir.resolve("dist/tools.zip"))).isEqualTo(first);
    assertThat(Files.exists(dir.resolve("releases.json"))).isFalse();
  }

  @Test
  void aStoreFailureLeavesTheRegistryAtThePreviousRelease() throws IOException {
    run(Mode.PUBLISH, jobs("layers/requests"));
    write("layers/requests/python/requests/api.py", "changed\n");
    ArtifactStore failing = new ArtifactStore() {
      @Override
      public String describe() {
        return "broken";
      }

      @Override
      public Optional<StoredObject> findBySha256(String packageName, String sha256) {
        return Optional.empty();
      }

      @Override
      public Optional<StoredObject> find(String key) {
        return Optional.empty();
      }

      @Override
      public boolean keepsVersions() {
        return false;
      }

      @Override
      public StoredObject put(ArtifactUpload upload) throws IOException {
        throw new StoreException("bucket acme-layers does not exist");
      }

      @Override
      public StoredObject putDocument(String key, byte[] content, String mediaType)
          throws IOException {
        throw new StoreException("bucket acme-layers does not exist");
      }

      @Override
      public List<StoredObject> list(String packageName) throws IOException {
        throw new StoreException("bucket acme-layers does not exist");
      }

      @Override
      public Optional<StoredObject> hashObject(String key) throws IOException {
        throw new StoreException("bucket acme-layers does not exist");
      }

      @Override
      public Optional<byte[]> readDocument(String key, int maxBytes) throws IOException {
        throw new StoreException("bucket acme-layers does not exist");
      }

      @Override
      public void delete(StoredObject object) throws IOException {
        throw new StoreException("bucket acme-layers does not exist");
      }
    };

    Report report = run(request(Mode.PUBLISH, jobs("layers/requests"), false, dir), failing,
        Optional.empty());

    assertThat(report.packages().get(0).error()).isEqualTo("bucket acme-layers does not exist");
    assertThat(registry.history("requests")).extracting(Release::name)
        .containsExactly("requests-20261123223500");
  }

  @Test
  void aPublishFailureRecordsNothingAndARerunReusesTheStoredObject() throws IOException {
    RunRequest publish = request(Mode.PUBLISH, List.of(new PackageJob("requests",
        "layers/requests", Optional.of(new PackageJob.LayerSettings(List.of("python3.12"),
            List.of(), Optional.empty(), List.of("123456789012"))))), false, dir);
    List<LayerVersionRequest> requests = new ArrayList<>();
    LayerPublisher refusing = publisher(request -> {
      requests.add(request);
      throw new PublishException("layer requests: PublishLayerVersion refused: runtime unknown");
    });

    Report failed = run(publish, store, Optional.of(refusing));

    assertThat(failed.packages().get(0).error()).contains("PublishLayerVersion refused");
    assertThat(registry.current("requests")).isEmpty();
    assertThat(requests.get(0).runtimes()).containsExactly("python3.12");
    assertThat(requests.get(0).shareWith()).containsExactly("123456789012");
    List<Path> stored = storedFiles();

    now = now.plusSeconds(60);
    LayerPublisher working = publisher(request -> new PublishedLayer(
        "arn:aws:lambda:eu-central-1:111122223333:layer:requests:1", 1, false));
    Report rerun = run(publish, store, Optional.of(working));

    assertThat(rerun.packages().get(0).status()).isEqualTo(PackageStatus.CREATED);
    assertThat(rerun.packages().get(0).layerVersionArn()).endsWith(":layer:requests:1");
    assertThat(storedFiles()).isEqualTo(stored);
    assertThat(logs).filteredOn(e -> e.step().equals("store")).extracting(LogEvent::message)
        .as("the log names what is stored, and what is reused instead")
        .containsExactly("storing requests-20261123223500.zip (no release recorded yet)",
            "reusing requests/requests-20261123223500.zip, stored earlier with the same SHA-256"
                + " (no release recorded yet)");
    assertThat(registry.current("requests").orElseThrow().layerVersionArn())
        .endsWith(":layer:requests:1");
  }

  @Test
  void aPaceWithoutRoomStopsBetweenPackagesAndSaysWhichDidNotStart() throws IOException {
    List<Duration> asked = new ArrayList<>();
    Pace noRoom = slowest -> {
      asked.add(slowest);
      return false;
    };

    Report report = run(new RunRequest(Mode.PUBLISH, Optional.empty(),
        jobs("layers/requests", "layers/tools"), false, dir, noRoom, Builder.commandLine("test"),
        Optional.empty()), store, Optional.empty());

    assertThat(report.packages()).extracting(PackageResult::packageName)
        .containsExactly("requests");
    assertThat(report.notStarted()).extracting(PackageJob::name).containsExactly("tools");
    assertThat(asked).as("asked once, after the first package, with its time")
        .singleElement().satisfies(d -> assertThat(d).isPositive());
    assertThat(registry.current("tools")).isEmpty();
  }

  @Test
  void noTemporaryFilesAreLeftBehind() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> before = layerkitTemps(tmp);
    run(Mode.PUBLISH, jobs("layers/requests", "layers/wrong", "layers/missing"));
    assertThat(layerkitTemps(tmp)).isEqualTo(before);
  }

  @Test
  void eachPackagesZipIsRemovedWhenThePackageIsDoneNotAtTheEndOfTheRun() throws IOException {
    // a Lambda function has a small /tmp: ten 50 MB layers must not all wait there until the end
    ReproducibleZipArchiver archiver = new ReproducibleZipArchiver(ArchiveSettings.defaults());
    List<Path> zips = new CopyOnWriteArrayList<>();
    List<String> leftWhenFinished = new CopyOnWriteArrayList<>();
    PipelineListener watching = new PipelineListener() {
      @Override
      public void packageFinished(PackageResult result) {
        zips.stream().filter(Files::exists).forEach(zip -> leftWhenFinished.add(
            result.packageName() + " finished, " + zip.getFileName() + " still there"));
      }
    };
    LayerArchiver remembering = new LayerArchiver() {
      @Override
      public ArchiveResult archive(PackageTree tree, ContentOpener opener, Path target,
          ArchiveProgress progress) throws IOException {
        zips.add(target);
        return archiver.archive(tree, opener, target, progress);
      }

      @Override
      public Instant timestamp() {
        return archiver.timestamp();
      }
    };
    Parts parts = new Parts(new LocalDirectorySource(src), remembering,
        new LambdaLayerValidator(LayerLimits.lambdaDefaults()),
        Optional.of(store), Optional.of(registry), Optional.empty(),
        Clock.fixed(now, ZoneOffset.UTC));

    Report report = new LayerPipeline(parts, watching).run(request(Mode.PUBLISH,
        jobs("layers/requests", "layers/wrong", "layers/tools"), false, dir));

    assertThat(report.packages()).extracting(PackageResult::status).containsExactly(
        PackageStatus.CREATED, PackageStatus.FAILED, PackageStatus.CREATED);
    assertThat(zips).hasSize(2); // layers/wrong fails on its listing, before any zip
    assertThat(leftWhenFinished).isEmpty();
  }

  @Test
  void aRunStoppedByASignalLeavesNoTemporaryFolder() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("child-tmp"));
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
        StalledRunMain.class.getName(), src.toString(), dir.resolve("store").toString(),
        dir.resolve("releases.json").toString())
        .redirectErrorStream(true).start();
    String line = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8)).readLine();
    assertThat(line).isEqualTo("fetching");
    assertThat(layerkitTemps(tmp)).hasSize(1);

    child.destroy(); // SIGTERM, as Ctrl-C or a CI time-out would stop it
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(layerkitTemps(tmp)).isEmpty();
  }

  /** Publishes one package and stalls while its zip is being written, until it is stopped. */
  public static final class StalledRunMain {
    public static void main(String[] args) {
      Parts parts = new Parts(new LocalDirectorySource(Path.of(args[0])),
          new ReproducibleZipArchiver(ArchiveSettings.defaults()),
          new LambdaLayerValidator(LayerLimits.lambdaDefaults()),
          Optional.of(new FileArtifactStore(Path.of(args[1]))),
          Optional.of(new FileReleaseRegistry(Path.of(args[2]))), Optional.empty(),
          Clock.systemUTC());
      new LayerPipeline(parts, new PipelineListener() {
        @Override
        public void entryDone(String packageName, long bytes) {
          System.out.println("fetching");
          System.out.flush();
          try {
            Thread.sleep(Long.MAX_VALUE);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }).run(request(Mode.PUBLISH, jobs("layers/requests"), false, Path.of(args[0])));
    }
  }

  private static List<Path> layerkitTemps(Path tmp) throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.filter(p -> p.getFileName().toString().startsWith("layerkit-")).sorted().toList();
    }
  }

  /** What a publish call does in a test that needs no Lambda: publish is all this run asks. */
  private interface PublishCall {
    PublishedLayer publish(LayerVersionRequest request) throws IOException;
  }

  /** A publisher that publishes as {@code call} says; it finds no earlier version. */
  private static LayerPublisher publisher(PublishCall call) {
    return new LayerPublisher() {
      @Override
      public PublishedLayer publish(LayerVersionRequest request) throws IOException {
        return call.publish(request);
      }

      @Override
      public Optional<PublishedLayer> find(String layerVersionArn) {
        return Optional.empty();
      }

      @Override
      public void share(String layerName, PublishedLayer version, List<String> shareWith) {
        throw new UnsupportedOperationException("this test shares nothing after publishing");
      }
    };
  }
}
