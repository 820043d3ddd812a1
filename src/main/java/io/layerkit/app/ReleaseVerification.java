package io.layerkit.app;

import io.layerkit.aws.AwsClients;
import io.layerkit.config.ConfigException;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import io.layerkit.config.PublishSettings;
import io.layerkit.config.SourceSettings;
import io.layerkit.config.TrustSettings;
import io.layerkit.pipeline.LayerPipeline;
import io.layerkit.pipeline.Mode;
import io.layerkit.pipeline.Pace;
import io.layerkit.pipeline.PackageResult;
import io.layerkit.pipeline.PackageStatus;
import io.layerkit.pipeline.PipelineListener;
import io.layerkit.pipeline.Report;
import io.layerkit.provenance.ProvenanceException;
import io.layerkit.provenance.PublicKeyVerifier;
import io.layerkit.provenance.SignatureVerifier;
import io.layerkit.provenance.kms.KmsSignatureVerifier;
import io.layerkit.registry.Release;
import io.layerkit.registry.ReleaseRegistry;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.StoredObject;
import io.layerkit.verify.BuildParameters;
import io.layerkit.verify.Evidence;
import io.layerkit.verify.RecordedRelease;
import io.layerkit.verify.ReleaseVerifier;
import io.layerkit.verify.Verification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code layerkit verify}: reads a release, rebuilds its package from the recorded source, path,
 * commit and timestamp, reads the stored object and provenance where the release says they are,
 * and hands all of it to {@link ReleaseVerifier}. Composes the parts a rebuild and the checks
 * need; the verdicts are the verifier's.
 */
public final class ReleaseVerification {
  /** A provenance layerkit writes is a few KiB; anything far larger is not one. */
  static final int MAX_PROVENANCE_BYTES = 1024 * 1024;

  /**
   * One release and what was found about it.
   *
   * @param release the release checked
   * @param verification every check's verdict
   */
  public record Outcome(Release release, Verification verification) {}

  private ReleaseVerification() {}

  /**
   * Verifies a release of {@code packageName}: the current one, or the one named.
   *
   * @param config where the registry is, how to reach AWS and the source (tokens, API URL)
   * @param publicKey a DER or PEM public key to check the signature offline; without one the
   *     release's KMS key is asked (KMS Verify)
   * @param listener the rebuild's progress
   * @throws ConfigException when no such release is recorded
   * @throws IOException when the package cannot be rebuilt or the store not read
   */
  public static Outcome verify(LayerkitConfig config, String packageName,
      Optional<String> releaseName, Optional<byte[]> publicKey, Map<String, String> env,
      PipelineListener listener) throws IOException {
    try (Components.AwsAccess aws =
        new Components.AwsAccess(() -> AwsClients.create(config.aws()), true)) {
      ReleaseRegistry registry = Components.registry(config.registry(), aws::get);
      Release release = find(registry, packageName, releaseName);
      BuildParameters recorded = parametersOf(release, config.archive().timestamp());
      String rebuilt = rebuild(config, release, recorded, env, aws, listener);
      ArtifactStore store = Components.store(storeUriOf(release), aws::get);
      Optional<String> stored = store.hashObject(release.key()).map(StoredObject::sha256);
      Optional<byte[]> provenance = release.provenanceKey() == null ? Optional.empty()
          : store.readDocument(release.provenanceKey(), MAX_PROVENANCE_BYTES);
      Optional<SignatureVerifier> signatures = publicKey.isPresent()
          ? Optional.of(publicKeyVerifier(publicKey.get()))
          : Optional.ofNullable(release.attestationKey())
              .map(key -> new KmsSignatureVerifier(aws.get().kms(), key));
      Verification verification = new ReleaseVerifier(signatures).verify(
          new RecordedRelease(fileName(release.key()), release.sha256(), recorded,
              Optional.ofNullable(release.attestationKey())),
          new Evidence(recorded, rebuilt, stored, provenance));
      return new Outcome(release, verification);
    }
  }

  private static Release find(ReleaseRegistry registry, String packageName,
      Optional<String> releaseName) throws IOException {
    if (releaseName.isEmpty()) {
      return registry.current(packageName).orElseThrow(() -> new ConfigException(
          "no release of " + packageName + " is recorded in " + registry.describe()
              + ": check the package name and --registry"));
    }
    List<Release> history = registry.history(packageName);
    return history.stream().filter(r -> r.name().equals(releaseName.get())).findFirst()
        .orElseThrow(() -> new ConfigException("--release " + releaseName.get()
            + " is not a release of " + packageName + " in " + registry.describe()
            + "; `layerkit releases " + packageName + "` lists them"));
  }

  /**
   * What the release says decides its bytes. A release recorded before the timestamp was kept
   * is rebuilt with the configured one ({@code --timestamp}, {@code SOURCE_DATE_EPOCH}).
   */
  static BuildParameters parametersOf(Release release, Instant configured) {
    return new BuildParameters(release.source(), Optional.ofNullable(release.ref()),
        release.packagePath(), Optional.ofNullable(release.commit()),
        release.archiveTimestamp() != null ? release.archiveTimestamp() : configured);
  }

  /** Builds the package again from exactly the recorded parameters; its SHA-256. */
  private static String rebuild(LayerkitConfig config, Release release,
      BuildParameters parameters, Map<String, String> env, Components.AwsAccess aws,
      PipelineListener listener) throws IOException {
    Path out = Files.createTempDirectory("layerkit-verify-");
    try {
      SourceSettings given = config.source();
      LayerkitConfig rebuild = new LayerkitConfig(
          new SourceSettings(parameters.source(), parameters.commit(), given.apiUrl(),
              given.transport(), given.gitUrl(), given.token()),
          config.store(), config.registry(),
          List.of(PackageSpec.ofPath(parameters.packagePath()).withName(release.packageName())),
          PublishSettings.defaults(), config.aws(),
          config.archive().withTimestamp(parameters.timestamp()), config.limits(), out, false,
          TrustSettings.defaults());
      Report report;
      // the clients stay open for the checks after the rebuild
      try (Components components = Components.open(rebuild, Mode.BUILD, env,
          new Components.AwsAccess(aws::get, false))) {
        report = new LayerPipeline(components.parts(), listener).run(
            RunRequests.of(rebuild, Mode.BUILD, Pace.UNLIMITED, RunRequests.commandLine()));
      }
      PackageResult result = report.packages().get(0);
      if (result.status() != PackageStatus.BUILT) {
        throw new IOException("cannot rebuild " + release.name() + " from "
            + parameters.source() + parameters.commit().map(c -> " at commit " + c).orElse("")
            + ": " + result.error());
      }
      return result.sha256();
    } finally {
      deleteTree(out);
    }
  }

  /**
   * The store that holds the release's object, from where the release says it is:
   * {@code s3://BUCKET/KEY} is bucket {@code BUCKET}, a file URI is the folder above its key.
   */
  static String storeUriOf(Release release) {
    String location = release.location();
    if (location.startsWith("s3://")) {
      String rest = location.substring("s3://".length());
      return "s3://" + rest.substring(0, rest.indexOf('/') + 1);
    }
    if (location.startsWith("file:")) {
      Path object = Path.of(URI.create(location));
      Path root = object;
      for (int i = 0; i < Path.of(release.key()).getNameCount(); i++) {
        root = root.getParent();
      }
      return "file:" + root;
    }
    throw new ConfigException("release " + release.name() + " is stored at " + location
        + ", which layerkit cannot read: expected s3:// or file:");
  }

  private static SignatureVerifier publicKeyVerifier(byte[] key) throws ProvenanceException {
    String text = new String(key, StandardCharsets.US_ASCII);
    byte[] der = key;
    if (text.contains("-----BEGIN PUBLIC KEY-----")) {
      String body = text.substring(text.indexOf("-----BEGIN PUBLIC KEY-----") + 26,
          text.indexOf("-----END PUBLIC KEY-----"));
      der = Base64.getMimeDecoder().decode(body);
    }
    return PublicKeyVerifier.fromDer(der, "the given public key");
  }

  private static String fileName(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      // best effort: a rebuilt zip in the temp folder is no secret
    }
  }
}
