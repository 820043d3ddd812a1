package io.layerkit.config;

import io.layerkit.archive.LambdaLayerValidator;
import io.layerkit.archive.ReproducibleZipArchiver;
import io.layerkit.pipeline.Mode;
import io.layerkit.pipeline.Parts;
import io.layerkit.publish.LayerPublisher;
import io.layerkit.registry.ReleaseRegistry;
import io.layerkit.registry.file.FileReleaseRegistry;
import io.layerkit.source.PackageSource;
import io.layerkit.source.bitbucket.BitbucketSettings;
import io.layerkit.source.bitbucket.BitbucketSource;
import io.layerkit.source.local.LocalDirectorySource;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.file.FileArtifactStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The composition root: turns the URIs of a {@link LayerkitConfig} into the concrete parts the
 * pipeline runs on. The only place that knows every adapter; the CLI and the Lambda handler
 * both come through here.
 */
public final class Components implements AutoCloseable {
  private final Parts parts;

  private Components(Parts parts) {
    this.parts = parts;
  }

  /**
   * Opens the parts {@code mode} needs: build needs no store or registry, so it never touches
   * AWS.
   *
   * @param env the process environment, where tokens are read from
   * @throws ConfigException for an unknown scheme or a missing credential
   */
  public static Components open(LayerkitConfig config, Mode mode, Map<String, String> env) {
    PackageSource source = source(config, env);
    boolean needsTargets = mode != Mode.BUILD;
    Optional<ArtifactStore> store = needsTargets ? Optional.of(store(config.store())) : Optional.empty();
    Optional<ReleaseRegistry> registry =
        needsTargets ? Optional.of(registry(config.registry())) : Optional.empty();
    Optional<LayerPublisher> publisher = Optional.empty();
    if (mode == Mode.PUBLISH && config.publish().publishLayer()) {
      throw new ConfigException("--publish-layer needs an s3:// store and AWS access; publishing"
          + " is not available in this build");
    }
    return new Components(new Parts(
        source,
        new ReproducibleZipArchiver(config.archive()),
        new LambdaLayerValidator(config.limits()),
        store,
        registry,
        publisher,
        Clock.systemUTC()));
  }

  /** Opens only the registry, for {@code layerkit releases}. */
  public static RegistryHandle openRegistry(LayerkitConfig config) {
    return new RegistryHandle(registry(config.registry()));
  }

  /** A registry and whatever clients it needs, closed together. */
  public record RegistryHandle(ReleaseRegistry registry) implements AutoCloseable {
    @Override
    public void close() {}
  }

  public Parts parts() {
    return parts;
  }

  @Override
  public void close() throws IOException {
    parts.source().close();
  }

  static PackageSource source(LayerkitConfig config, Map<String, String> env) {
    SourceSettings settings = config.source();
    String uri = settings.uri();
    if (uri.startsWith("dir:")) {
      return new LocalDirectorySource(Path.of(uri.substring(4)));
    }
    if (!uri.contains("://")) {
      return new LocalDirectorySource(Path.of(uri));
    }
    if (uri.startsWith("bitbucket://")) {
      // the archiver's threads call open(), so the source may keep as many requests in flight
      return new BitbucketSource(BitbucketSettings
          .from(settings, Tokens.fromEnvironment(settings.token(), env))
          .withConcurrency(config.archive().concurrency()));
    }
    throw new ConfigException("--source " + uri + " has an unknown scheme; use PATH, dir:PATH,"
        + " bitbucket://WORKSPACE/REPO, git+https://... or git+file://...");
  }

  static ArtifactStore store(String uri) {
    if (uri.startsWith("file:")) {
      return new FileArtifactStore(fileUriPath(uri, "--store"));
    }
    throw new ConfigException("--store " + uri + " has an unknown scheme; use file:DIR or"
        + " s3://BUCKET/PREFIX");
  }

  static ReleaseRegistry registry(String uri) {
    if (uri.startsWith("file:")) {
      return new FileReleaseRegistry(fileUriPath(uri, "--registry"));
    }
    throw new ConfigException("--registry " + uri + " has an unknown scheme; use file:PATH or"
        + " ssm:/PREFIX");
  }

  /** {@code file:relative/dir}, {@code file:/abs/dir} or {@code file:///abs/dir}. */
  static Path fileUriPath(String uri, String option) {
    String path = uri.substring("file:".length());
    if (path.startsWith("//")) {
      path = path.substring(2);
    }
    if (path.isBlank()) {
      throw new ConfigException(option + " " + uri + " names no path; e.g. file:.layerkit/store");
    }
    return Path.of(path);
  }
}
