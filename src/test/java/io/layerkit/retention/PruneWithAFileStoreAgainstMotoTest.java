package io.layerkit.retention;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.publish.lambda.LambdaLayerPublisher;
import io.layerkit.registry.file.FileReleaseRegistry;
import io.layerkit.retention.lambda.FunctionLayerUsage;
import io.layerkit.retention.lambda.LambdaLayerVersions;
import io.layerkit.store.StoredObject;
import io.layerkit.store.file.FileArtifactStore;
import io.layerkit.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Retention with the default local parts, a {@code file:} store and a {@code file:} registry,
 * and layer versions in moto_server (published inline from the file store, as layerkit does).
 */
class PruneWithAFileStoreAgainstMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension static final WireMockExtension PROXY = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @TempDir Path dir;
  private AwsClients clients;
  private FileArtifactStore store;
  private FileReleaseRegistry registry;
  private List<LayerHistory.Entry> history;

  @BeforeEach
  void setUp() throws Exception {
    clients = AwsClients.create(new AwsSettings(Optional.of(MOTO.region().id()), Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty()), MOTO.credentials());
    store = new FileArtifactStore(dir.resolve("store"));
    registry = new FileReleaseRegistry(dir.resolve("releases.json"));
    history = LayerHistory.publish(store, new LambdaLayerPublisher(clients.lambda(), false),
        Files.createDirectory(dir.resolve("zips")), "requests", 6);
    for (LayerHistory.Entry entry : history) {
      registry.record(entry.release("requests"));
    }
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  private Pruner pruner(LambdaClient lambda) {
    return new Pruner(new LambdaLayerVersions(lambda, "us-east-1"),
        List.of(new FunctionLayerUsage(lambda, "us-east-1")), registry, store, Clock.systemUTC());
  }

  private List<String> filesInStore() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("store/requests"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private List<Long> versions() {
    return clients.lambda().listLayerVersions(b -> b.layerName("requests")).layerVersions().stream()
        .map(v -> v.version()).sorted().toList();
  }

  @Test
  void applyDeletesOldVersionsAndTheirZipsFromTheFileStore() throws Exception {
    PruneResult result = pruner(clients.lambda()).prune("requests", RetentionPolicy.keepNewest(2), true);

    assertThat(result.error()).isNull();
    assertThat(result.deletedVersions()).containsExactly(4L, 3L, 2L, 1L);
    assertThat(versions()).containsExactly(5L, 6L);
    assertThat(filesInStore()).containsExactly(
        "requests-20250105000000.zip", "requests-20250105000000.zip.json",
        "requests-20250106000000.zip", "requests-20250106000000.zip.json");
    assertThat(registry.history("requests")).as("the registry is only read").hasSize(6);
  }

  @Test
  void aVersionThatCannotBeDeletedKeepsEveryZip() throws Exception {
    PROXY.stubFor(any(anyUrl()).atPriority(10)
        .willReturn(aResponse().proxiedFrom(MOTO.endpoint().toString())));
    PROXY.stubFor(delete(urlEqualTo("/2018-10-31/layers/requests/versions/3")).atPriority(1)
        .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
            .withHeader("x-amzn-ErrorType", "AccessDeniedException")
            .withBody("{\"Message\":\"User: arn:aws:iam::123456789012:user/ci is not authorized"
                + " to perform: lambda:DeleteLayerVersion on resource:"
                + " arn:aws:lambda:us-east-1:123456789012:layer:requests:3\"}")));
    List<String> before = filesInStore();
    try (AwsClients proxied = AwsClients.create(new AwsSettings(Optional.of("us-east-1"),
        Optional.empty(), Optional.of(PROXY.baseUrl()), Optional.empty()), MOTO.credentials())) {

      PruneResult result = pruner(proxied.lambda()).prune("requests", RetentionPolicy.keepNewest(2), true);

      assertThat(result.deletedVersions()).containsExactly(4L);
      assertThat(result.deletedKeys()).isEmpty();
      assertThat(result.error()).startsWith("layer requests version 3 in us-east-1: cannot delete it"
          + " (lambda:DeleteLayerVersion): AccessDeniedException: User:")
          .endsWith("; no stored object was deleted");
    }
    assertThat(versions()).containsExactly(1L, 2L, 3L, 5L, 6L);
    assertThat(filesInStore()).isEqualTo(before);
    assertThat(before).hasSize(12);
  }

  @Test
  void aPlanOnlyReadsAndTheZipsItWouldDeleteAreTheDeletedVersionsOnes() throws Exception {
    PruneResult result = pruner(clients.lambda()).prune("requests", RetentionPolicy.keepNewest(2), false);

    assertThat(result.applied()).isFalse();
    assertThat(result.plan().orElseThrow().objectsToDelete())
        .extracting(d -> d.object().key())
        .containsExactly(history.get(3).object().key(), history.get(2).object().key(),
            history.get(1).object().key(), history.get(0).object().key());
    assertThat(versions()).hasSize(6);
    assertThat(filesInStore()).hasSize(12);
    assertThat(result.plan().orElseThrow().objects()).extracting(d -> d.object())
        .extracting(StoredObject::location).allSatisfy(l -> assertThat(l).startsWith("file:"));
  }
}
