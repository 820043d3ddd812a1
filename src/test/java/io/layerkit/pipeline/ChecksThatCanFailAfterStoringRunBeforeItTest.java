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
import io.layerkit.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zip a file store's publish would send to Lambda in the request, over the direct-upload limit
 * (here set to 1 MiB in place of Lambda's 50, so that a 2 MiB file stands for a 57 MB layer): the
 * run publishing it is refused at validation, with nothing stored, recorded or published, instead
 * of storing the zip and failing at PublishLayerVersion.
 */
class ChecksThatCanFailAfterStoringRunBeforeItTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @TempDir Path source;
  @TempDir Path state;
  private AwsClients clients;

  @BeforeEach
  void setUp() throws Exception {
    clients = AwsClients.create(aws(), MOTO.credentials());
    Path data = Files.createDirectories(source.resolve("big/python/big"));
    byte[] noise = new byte[2 * 1024 * 1024];
    new Random(57).nextBytes(noise);
    Files.write(data.resolve("model.bin"), noise);
    Files.writeString(data.resolve("__init__.py"), "");
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void aZipTooLargeToUploadFromAFileStoreIsRefusedBeforeItIsStored() throws Exception {
    LayerkitConfig config = new LayerkitConfig(
        new SourceSettings("dir:" + source, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), TokenSettings.defaults()),
        "file:" + state.resolve("store"), "file:" + state.resolve("releases.json"),
        List.of(PackageSpec.ofPath("big")),
        new PublishSettings(true, List.of(), false, List.of("python3.12"), List.of(),
            Optional.empty()),
        aws(), ArchiveSettings.defaults(),
        new LayerLimits(LayerLimits.lambdaDefaults().maxUnzippedBytes(), LayerLimits.MB),
        state.resolve("out"), false,
        TrustSettings.defaults());

    PackageResult result;
    try (Components components = Components.open(config, Mode.PUBLISH, Map.of(), clients)) {
      result = new LayerPipeline(components.parts(), PipelineListener.NONE)
          .run(RunRequests.of(config, Mode.PUBLISH, Pace.UNLIMITED, Builder.commandLine("test"))).packages().get(0);
    }

    assertThat(result.status()).isEqualTo(PackageStatus.FAILED);
    assertThat(result.failure()).isEqualTo(FailureKind.VALIDATION);
    assertThat(result.error()).isEqualTo("the zip is 2.0 MiB, over the 1.0 MiB Lambda accepts in"
        + " a direct upload, which is how a file: store's zips are published: use an s3:// store"
        + " to publish it");
    assertThat(state.resolve("store")).doesNotExist();
    assertThat(state.resolve("releases.json")).doesNotExist();
    assertThat(clients.lambda().listLayers().layers()).isEmpty();
  }

  private static AwsSettings aws() {
    return new AwsSettings(Optional.of(MOTO.region().id()), Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty());
  }
}
