package io.layerkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.app.Components;
import io.layerkit.app.RunRequests;
import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.LayerLimits;
import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import io.layerkit.config.PublishSettings;
import io.layerkit.config.SourceSettings;
import io.layerkit.config.TokenSettings;
import io.layerkit.config.TrustSettings;
import io.layerkit.registry.Release;
import io.layerkit.registry.ReleaseRegistry;
import io.layerkit.registry.file.FileReleaseRegistry;
import io.layerkit.registry.ssm.SsmReleaseRegistry;
import io.layerkit.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two runs publishing the same package at the same moment (a schedule and a pipeline), twenty
 * times over, each run with its own parts as separate processes would have: against S3, SSM and
 * Lambda on moto_server, and against a file store and registry (publishing to moto's Lambda).
 * Every time the package ends with one stored object, one layer version and one recorded
 * release: one run creates it, the other waits for the package's lease and finds it unchanged.
 */
class TwoPublishesOfOnePackageAtOnceTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String BUCKET = "race-layers";
  private static final int ROUNDS = 20;

  @TempDir Path source;
  @TempDir Path state;
  @TempDir Path out;
  private AwsClients clients;
  private ExecutorService runs;

  @BeforeEach
  void setUp() throws Exception {
    clients = AwsClients.create(new AwsSettings(Optional.of(MOTO.region().id()), Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty()), MOTO.credentials());
    clients.s3().createBucket(b -> b.bucket(BUCKET));
    runs = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void tearDown() {
    runs.shutdownNow();
    clients.close();
  }

  @Test
  void s3SsmAndLambdaEndWithOneObjectAndOneVersionEveryTime() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String name = "s3race" + round;
      writePackage(name);
      LayerkitConfig config = config(name, "s3://" + BUCKET + "/layers/", "ssm:/race/layers");

      List<PackageResult> results = atOnce(config);

      assertOneCreatedOneUnchanged(results);
      assertThat(clients.s3().listObjectsV2(b -> b.bucket(BUCKET).prefix("layers/" + name + "/"))
          .contents()).extracting(S3Object::key).as("objects of %s: one zip, its SBOM and"
          + " provenance", name).hasSize(3)
          .filteredOn(key -> key.endsWith(".zip")).singleElement();
      assertOneVersionAndOneRelease(name,
          SsmReleaseRegistry.forUri(clients.ssm(), "ssm:/race/layers"));
    }
  }

  @Test
  void aFileStoreAndRegistryEndWithOneZipAndOneVersionEveryTime() throws Exception {
    Path store = state.resolve("store");
    Path registry = state.resolve("releases.json");
    for (int round = 0; round < ROUNDS; round++) {
      String name = "filerace" + round;
      writePackage(name);
      LayerkitConfig config = config(name, "file:" + store, "file:" + registry);

      List<PackageResult> results = atOnce(config);

      assertOneCreatedOneUnchanged(results);
      try (Stream<Path> zips = Files.list(store.resolve(name))) {
        assertThat(zips.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".zip")))
            .as("zips of %s", name).hasSize(1);
      }
      assertOneVersionAndOneRelease(name, new FileReleaseRegistry(registry));
    }
  }

  /** Both runs, released at the same instant, each with parts of its own. */
  private List<PackageResult> atOnce(LayerkitConfig config) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    List<Future<PackageResult>> futures = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      futures.add(runs.submit(() -> {
        try (Components components = Components.open(config, Mode.PUBLISH, Map.of(), clients)) {
          LayerPipeline pipeline = new LayerPipeline(components.parts(), PipelineListener.NONE);
          RunRequest request = RunRequests.of(config, Mode.PUBLISH, Pace.UNLIMITED, Builder.commandLine("test"));
          start.await();
          return pipeline.run(request).packages().get(0);
        }
      }));
    }
    List<PackageResult> results = new ArrayList<>();
    for (Future<PackageResult> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  private static void assertOneCreatedOneUnchanged(List<PackageResult> results) {
    assertThat(results).extracting(PackageResult::status).as(results.toString())
        .containsExactlyInAnyOrder(PackageStatus.CREATED, PackageStatus.UNCHANGED);
    assertThat(results.get(0).layerVersionArn()).isEqualTo(results.get(1).layerVersionArn());
    assertThat(results.get(0).key()).isEqualTo(results.get(1).key());
  }

  private void assertOneVersionAndOneRelease(String name, ReleaseRegistry registry)
      throws Exception {
    assertThat(clients.lambda().listLayerVersions(b -> b.layerName(name)).layerVersions())
        .as("layer versions of %s", name).hasSize(1);
    assertThat(registry.history(name)).extracting(Release::packageName).containsExactly(name);
  }

  private LayerkitConfig config(String name, String store, String registry) {
    SourceSettings dir = new SourceSettings("dir:" + source, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), TokenSettings.defaults());
    PublishSettings publish = new PublishSettings(true, List.of(), false, List.of("python3.12"),
        List.of("arm64"), Optional.empty());
    AwsSettings aws = new AwsSettings(Optional.of(MOTO.region().id()), Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty());
    return new LayerkitConfig(dir, store, registry, List.of(PackageSpec.ofPath(name)), publish,
        aws, ArchiveSettings.defaults(), LayerLimits.lambdaDefaults(), out, false,
        TrustSettings.defaults());
  }

  private void writePackage(String name) throws Exception {
    Path module = source.resolve(name + "/python/" + name);
    Files.createDirectories(module);
    Files.writeString(module.resolve("__init__.py"), "NAME = '" + name + "'\n");
  }
}
