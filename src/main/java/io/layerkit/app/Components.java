package io.layerkit.app;

import io.layerkit.archive.LambdaLayerValidator;
import io.layerkit.archive.LayerRoute;
import io.layerkit.archive.ReproducibleZipArchiver;
import io.layerkit.aws.AwsClients;
import io.layerkit.aws.SsmSecretReader;
import io.layerkit.config.ConfigException;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.Rules;
import io.layerkit.config.SourceSettings;
import io.layerkit.config.TokenSettings;
import io.layerkit.pipeline.Mode;
import io.layerkit.pipeline.Parts;
import io.layerkit.pipeline.RegionParts;
import io.layerkit.provenance.EnvelopeSigner;
import io.layerkit.provenance.kms.KmsEnvelopeSigner;
import io.layerkit.publish.LayerPublisher;
import io.layerkit.publish.LayerSigner;
import io.layerkit.publish.lambda.LambdaLayerPublisher;
import io.layerkit.publish.signer.AwsSignerLayerSigner;
import io.layerkit.publish.signer.SigningWait;
import io.layerkit.registry.PackageLeases;
import io.layerkit.registry.ReleaseRegistry;
import io.layerkit.registry.file.FileLeases;
import io.layerkit.registry.file.FileReleaseRegistry;
import io.layerkit.registry.ssm.ParameterLayout;
import io.layerkit.registry.ssm.SsmLeases;
import io.layerkit.registry.ssm.SsmReleaseRegistry;
import io.layerkit.retention.LayerUsage;
import io.layerkit.retention.Pruner;
import io.layerkit.retention.awsconfig.AggregatorLayerUsage;
import io.layerkit.retention.lambda.FunctionLayerUsage;
import io.layerkit.retention.lambda.LambdaLayerVersions;
import io.layerkit.source.PackageSource;
import io.layerkit.source.RemoteUrls;
import io.layerkit.source.Secret;
import io.layerkit.source.git.GitSourceSettings;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.file.FileArtifactStore;
import io.layerkit.store.s3.S3ArtifactStore;
import io.layerkit.store.s3.S3Location;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The composition root: turns the URIs of a {@link LayerkitConfig} into the concrete parts the
 * pipeline runs on. The only place that knows every adapter; the CLI and the Lambda handler
 * both come through here.
 *
 * <p>AWS clients are created only when a part needs them (an s3:// store, an ssm:/ registry or
 * token, publishing), so the embedded default runs without an AWS account.
 */
public final class Components implements AutoCloseable {
  private final Parts parts;
  private final AwsAccess aws;

  private Components(Parts parts, AwsAccess aws) {
    this.parts = parts;
    this.aws = aws;
  }

  /**
   * Opens the parts {@code mode} needs, creating AWS clients on demand and closing them with
   * this object. Build needs no store or registry, so it never touches AWS.
   *
   * @param env the process environment, where tokens are read from
   * @throws ConfigException for an unknown scheme or a missing credential
   */
  public static Components open(LayerkitConfig config, Mode mode, Map<String, String> env) {
    return open(config, mode, env, new AwsAccess(() -> AwsClients.create(config.aws()), true));
  }

  /**
   * Opens the parts with AWS clients the caller keeps (a Lambda container creates them once and
   * reuses them for every invocation); closing this object leaves them open.
   */
  public static Components open(LayerkitConfig config, Mode mode, Map<String, String> env,
      AwsClients clients) {
    return open(config, mode, env, new AwsAccess(() -> clients, false));
  }

  static Components open(LayerkitConfig config, Mode mode, Map<String, String> env,
      AwsAccess aws) {
    try {
      boolean needsTargets = mode != Mode.BUILD;
      requireNoUserInfo(config, needsTargets);
      List<RegionParts> regions = needsTargets ? regions(config, mode, aws) : List.of();
      Optional<RegionParts> home = regions.stream().findFirst();
      Optional<PackageLeases> leases = mode == Mode.PUBLISH
          ? Optional.of(leases(config.registry(), homeClients(config, aws))) : Optional.empty();
      PackageSource source = SourceFactory.open(config.source(), config.archive().concurrency(),
          ownOutputs(config, mode), tokenSettings -> token(tokenSettings, env, aws));
      return new Components(new Parts(
          source,
          new ReproducibleZipArchiver(config.archive()),
          new LambdaLayerValidator(config.limits(),
              route(mode, config.store(), config.publish().publishLayer())),
          home.map(RegionParts::store),
          home.map(RegionParts::registry),
          home.flatMap(RegionParts::publisher),
          Clock.systemUTC(),
          regions,
          leases,
          mode == Mode.PUBLISH ? attestation(config, homeClients(config, aws))
              : Optional.empty()), aws);
    } catch (RuntimeException e) {
      aws.close();
      throw e;
    }
  }

  /**
   * Each region's store, registry and publisher on that region's clients, the home region
   * first; a store URI's {@code {region}} names the region's own bucket. Without regions, one
   * unnamed region on the home clients, as a one-region run always was.
   */
  private static List<RegionParts> regions(LayerkitConfig config, Mode mode, AwsAccess aws) {
    if (config.aws().regions().isEmpty()) {
      return List.of(regionParts(Optional.empty(), config, mode, aws::get));
    }
    return config.aws().regions().stream()
        .map(name -> regionParts(Optional.of(name), config, mode,
            () -> aws.get().inRegion(name)))
        .toList();
  }

  /** The home region's clients: the first region named, else the configured one. */
  private static Supplier<AwsClients> homeClients(LayerkitConfig config, AwsAccess aws) {
    List<String> named = config.aws().regions();
    return named.isEmpty() ? aws::get : () -> aws.get().inRegion(named.get(0));
  }

  private static RegionParts regionParts(Optional<String> name, LayerkitConfig config,
      Mode mode, Supplier<AwsClients> clients) {
    String storeUri = config.store();
    if (storeUri.contains(Rules.REGION_PLACEHOLDER)) {
      String region = name.orElseGet(() -> clients.get().region().id());
      storeUri = storeUri.replace(Rules.REGION_PLACEHOLDER, region);
    }
    Optional<LayerPublisher> publisher = config.publish().publishLayer()
        ? Optional.of(new LambdaLayerPublisher(clients.get().lambda(),
            config.publish().allowPublic()))
        : Optional.empty();
    Optional<LayerSigner> signer =
        mode == Mode.PUBLISH ? signer(config, clients) : Optional.empty();
    return new RegionParts(name, store(storeUri, clients), registry(config.registry(), clients),
        publisher, signer);
  }

  /**
   * Where this run writes on disk, which a package folder never includes: build's {@code --out}
   * (only build writes there: a publish from a Node package keeps its own {@code dist/}), the
   * {@code file:} store and registry otherwise.
   */
  private static List<Path> ownOutputs(LayerkitConfig config, Mode mode) {
    if (mode == Mode.BUILD) {
      return List.of(config.outDir());
    }
    List<Path> outputs = new ArrayList<>();
    if (config.store().startsWith("file:")) {
      outputs.add(fileUriPath(config.store(), "--store", "a folder"));
    }
    if (config.registry().startsWith("file:")) {
      outputs.add(fileUriPath(config.registry(), "--registry", "a file"));
    }
    return outputs;
  }

  /** How a zip reaches Lambda from the store: what its size warning must say. */
  private static LayerRoute route(Mode mode, String storeUri, boolean publishLayer) {
    if (mode == Mode.BUILD) {
      return LayerRoute.UNDECIDED;
    }
    if (storeUri.startsWith("s3://")) {
      return LayerRoute.THROUGH_S3;
    }
    return publishLayer ? LayerRoute.DIRECT_UPLOAD_NOW : LayerRoute.DIRECT_UPLOAD;
  }

  /** Opens only the registry, for {@code layerkit releases}. */
  public static RegistryHandle openRegistry(LayerkitConfig config) {
    return openRegistry(config, new AwsAccess(() -> AwsClients.create(config.aws()), true));
  }

  /** Opens only the registry, on AWS clients the caller keeps. */
  public static RegistryHandle openRegistry(LayerkitConfig config, AwsClients clients) {
    return openRegistry(config, new AwsAccess(() -> clients, false));
  }

  private static RegistryHandle openRegistry(LayerkitConfig config, AwsAccess aws) {
    requireNoUserInfo("--registry", config.registry(), AWS_CREDENTIALS);
    try {
      return new RegistryHandle(registry(config.registry(), aws::get), aws);
    } catch (RuntimeException e) {
      aws.close();
      throw e;
    }
  }

  /** A registry and whatever clients it needs, closed together. */
  public static final class RegistryHandle implements AutoCloseable {
    private final ReleaseRegistry registry;
    private final AwsAccess aws;

    private RegistryHandle(ReleaseRegistry registry, AwsAccess aws) {
      this.registry = registry;
      this.aws = aws;
    }

    public ReleaseRegistry registry() {
      return registry;
    }

    @Override
    public void close() {
      aws.close();
    }
  }

  /**
   * Opens retention for each configuration (one per region, each naming its region), every one
   * on AWS clients of its own region. The Config aggregator, when named, is asked once, in the
   * first region (the aggregator's home), and its answer serves every region.
   *
   * @throws ConfigException for a malformed store, registry or aggregator name
   */
  public static RetentionHandle openRetention(List<LayerkitConfig> perRegion,
      Optional<String> aggregator) {
    List<AwsAccess> opened = new ArrayList<>();
    for (LayerkitConfig config : perRegion) {
      opened.add(new AwsAccess(() -> AwsClients.create(config.aws()), true));
    }
    return openRetention(perRegion, aggregator, opened);
  }

  /**
   * Retention in each of the configuration's regions (the clients' own when it names none), on
   * {@code clients}, which the caller keeps (the function).
   */
  public static RetentionHandle openRetention(LayerkitConfig config, AwsClients clients) {
    List<String> regions = config.aws().regions();
    if (regions.isEmpty()) {
      return openRetention(List.of(config), Optional.empty(),
          List.of(new AwsAccess(() -> clients, false)));
    }
    return openRetention(regions.stream().map(region -> config).toList(), Optional.empty(),
        regions.stream().map(region -> new AwsAccess(() -> clients.inRegion(region), false))
            .toList());
  }

  private static RetentionHandle openRetention(List<LayerkitConfig> perRegion,
      Optional<String> aggregator, List<AwsAccess> access) {
    RetentionHandle handle = new RetentionHandle(access);
    try {
      aggregator.ifPresent(name -> {
        try {
          AggregatorLayerUsage.checkName(name); // before any client is made
        } catch (IllegalArgumentException e) {
          throw new ConfigException(e.getMessage(), e);
        }
      });
      Optional<LayerUsage> organization = aggregator.map(
          name -> new AggregatorLayerUsage(access.get(0).get().config(), name));
      for (int i = 0; i < perRegion.size(); i++) {
        LayerkitConfig config = perRegion.get(i);
        AwsAccess aws = access.get(i);
        requireNoUserInfo(config, true);
        String region = aws.get().region().id();
        // each region's own bucket, as publish stored it there
        ArtifactStore store = store(config.store().replace(Rules.REGION_PLACEHOLDER, region),
            aws::get);
        ReleaseRegistry registry = registry(config.registry(), aws::get);
        List<LayerUsage> usages = new ArrayList<>();
        usages.add(new FunctionLayerUsage(aws.get().lambda(), region));
        organization.ifPresent(usages::add);
        handle.pruners.add(new Pruner(new LambdaLayerVersions(aws.get().lambda(), region), usages,
            registry, store, Clock.systemUTC()));
      }
      return handle;
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  /** One {@link Pruner} per region, and the clients they need, closed together. */
  public static final class RetentionHandle implements AutoCloseable {
    private final List<AwsAccess> access;
    private final List<Pruner> pruners = new ArrayList<>();

    private RetentionHandle(List<AwsAccess> access) {
      this.access = List.copyOf(access);
    }

    /** In the order the configurations were given. */
    public List<Pruner> pruners() {
      return List.copyOf(pruners);
    }

    @Override
    public void close() {
      access.forEach(AwsAccess::close);
    }
  }

  public Parts parts() {
    return parts;
  }

  @Override
  public void close() throws IOException {
    try {
      parts.source().close();
    } finally {
      aws.close();
    }
  }

  private static final String TOKEN_OPTIONS =
      "pass the token with --token-env or --token-parameter";
  private static final String AWS_CREDENTIALS =
      "AWS credentials come from the default chain, --profile or --role-arn";

  /**
   * A user or password written into a URI would be repeated by every message that names the URI
   * (and kept in releases), so such URIs are refused here, before any adapter sees them.
   */
  private static void requireNoUserInfo(LayerkitConfig config, boolean needsTargets) {
    SourceSettings source = config.source();
    try {
      // first: the user part of git+ssh://git@host is a login name; SSH is what is unsupported
      GitSourceSettings.requireSupportedTransport(source.uri());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    requireNoUserInfo("--source", source.uri(), TOKEN_OPTIONS);
    source.gitUrl().ifPresent(url -> requireNoUserInfo("--git-url", url, TOKEN_OPTIONS));
    if (needsTargets) {
      requireNoUserInfo("--store", config.store(), AWS_CREDENTIALS);
      requireNoUserInfo("--registry", config.registry(), AWS_CREDENTIALS);
    }
  }

  private static void requireNoUserInfo(String option, String uri, String howToAuthenticate) {
    if (RemoteUrls.hasUserInfo(uri)) {
      throw new ConfigException(option + " " + RemoteUrls.withoutUserInfo(uri)
          + " carries a user or password: remove it; " + howToAuthenticate);
    }
  }

  /**
   * Signs provenance with the configured KMS key, when there is one: in the region a key ARN
   * names, else in the home region.
   */
  private static Optional<EnvelopeSigner> attestation(LayerkitConfig config,
      Supplier<AwsClients> home) {
    return config.trust().attestationKey()
        .map(key -> new KmsEnvelopeSigner(home.get().inRegionOf(key).kms(), key));
  }

  /** Code-signs stored zips with AWS Signer in the clients' region, when a profile is given. */
  private static Optional<LayerSigner> signer(LayerkitConfig config, Supplier<AwsClients> aws) {
    return config.trust().signingProfile()
        .map(profile -> new AwsSignerLayerSigner(aws.get().signer(), SigningWait.DEFAULT));
  }

  /** The Git host token: from the SSM SecureString when one is named, else the environment. */
  private static Optional<Secret> token(TokenSettings settings, Map<String, String> env,
      AwsAccess aws) {
    if (settings.parameterName().isPresent()) {
      return Optional.of(new SsmSecretReader(aws.get().ssm()).read(settings.parameterName().get()));
    }
    return Tokens.fromEnvironment(settings, env);
  }

  static ArtifactStore store(String uri, Supplier<AwsClients> aws) {
    if (uri.startsWith("file:")) {
      return new FileArtifactStore(
          fileUriPath(uri, "--store", "the folder for the zips, e.g. file:.layerkit/store"));
    }
    if (uri.startsWith("s3://")) {
      try {
        S3Location location = S3Location.parse(uri); // a malformed URI before any client
        return new S3ArtifactStore(aws.get().s3(), location);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage(), e);
      }
    }
    throw new ConfigException("--store " + uri + " has an unknown scheme; use file:DIR or"
        + " s3://BUCKET/PREFIX");
  }

  static ReleaseRegistry registry(String uri, Supplier<AwsClients> aws) {
    if (uri.startsWith("file:")) {
      return new FileReleaseRegistry(fileUriPath(uri, "--registry",
          "the releases file, e.g. file:.layerkit/releases.json"));
    }
    if (uri.startsWith("ssm:")) {
      try {
        ParameterLayout layout = ParameterLayout.parse(uri); // a malformed URI before any client
        return new SsmReleaseRegistry(aws.get().ssm(), layout);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage(), e);
      }
    }
    throw new ConfigException("--registry " + uri + " has an unknown scheme; use file:PATH or"
        + " ssm:/PREFIX");
  }

  /** The leases of the registry {@link #registry} opened (its URI is checked there first). */
  private static PackageLeases leases(String uri, Supplier<AwsClients> aws) {
    if (uri.startsWith("file:")) {
      return new FileLeases(fileUriPath(uri, "--registry", "the releases file"));
    }
    return new SsmLeases(aws.get().ssm(), ParameterLayout.parse(uri));
  }

  /**
   * {@code file:relative/dir}, {@code file:/abs/dir} or {@code file:///abs/dir}.
   *
   * @param what what the path names, with an example, for the error when there is none
   */
  static Path fileUriPath(String uri, String option, String what) {
    String path = uri.substring("file:".length());
    if (path.startsWith("//")) {
      path = path.substring(2);
    }
    if (path.isBlank()) {
      throw new ConfigException(option + " " + uri + " names no path; give " + what);
    }
    return Path.of(path);
  }

  /** AWS clients made on first use; closed here only when this object made them. */
  static final class AwsAccess implements AutoCloseable {
    private final Supplier<AwsClients> factory;
    private final boolean owned;
    private AwsClients clients;

    AwsAccess(Supplier<AwsClients> factory, boolean owned) {
      this.factory = factory;
      this.owned = owned;
    }

    synchronized AwsClients get() {
      if (clients == null) {
        clients = factory.get();
      }
      return clients;
    }

    @Override
    public synchronized void close() {
      if (owned && clients != null) {
        clients.close();
      }
    }
  }
}
