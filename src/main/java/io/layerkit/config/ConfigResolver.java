package io.layerkit.config;

import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.LayerLimits;
import io.layerkit.tree.PathRules;
import io.layerkit.tree.UnsafePathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the one immutable {@link LayerkitConfig} of a run from what a front door gives
 * ({@link ConfigOverrides}: flags and environment, or the function's variables and event),
 * {@code layerkit.yaml} and defaults, in that order of precedence, and checks every value once,
 * against {@link Rules}, so that nothing later fails on a typo and nothing is written for a
 * configuration that cannot work. Both front doors come through here.
 */
public final class ConfigResolver {
  private static final String FILE = "layerkit.yaml ";
  private static final int REMOTE_CONCURRENCY = 16;
  private static final Instant LATEST_DOS_TIME = Instant.parse("2107-12-31T23:59:58Z");

  private final ConfigFile file;
  private final Path fileDir;
  private final ConfigOverrides overrides;

  /**
   * @param file the parsed config file, or {@link ConfigFile#empty()}
   * @param fileDir the config file's folder: relative paths in the file are resolved against it
   * @param overrides what the front door gives, highest precedence first
   */
  public ConfigResolver(ConfigFile file, Path fileDir, ConfigOverrides overrides) {
    this.file = file;
    this.fileDir = fileDir;
    this.overrides = overrides;
  }

  /**
   * Resolves the configuration: the packages the front door names ({@link Setting#PACKAGES}), or
   * every configured one when it names none.
   *
   * @throws ConfigException naming the first setting that breaks a rule
   */
  public LayerkitConfig resolve() {
    LayerkitConfig defaults = LayerkitConfig.defaults();
    String source = overrides.value(Setting.SOURCE).orElseGet(this::sourceFromFile);
    Optional<ConfigFile.Token> token = Optional.ofNullable(file.token());
    TokenSettings tokenSettings = new TokenSettings(
        given(Setting.TOKEN_ENV, token.map(ConfigFile.Token::env).orElse(null))
            .map(g -> Rules.environmentVariableName(g.name(), g.value()))
            .orElse(TokenSettings.DEFAULT_ENV_VAR),
        given(Setting.TOKEN_PARAMETER, token.map(ConfigFile.Token::parameter).orElse(null))
            .map(g -> Rules.parameterName(g.name(), g.value())),
        value(Setting.TOKEN_USERNAME, token.map(ConfigFile.Token::username).orElse(null)),
        overrides.get(Setting.TOKEN_PARAMETER).or(() -> overrides.get(Setting.TOKEN_ENV))
            .map(Given::name));
    SourceSettings sourceSettings = new SourceSettings(
        source,
        given(Setting.REF, file.ref()).map(g -> Rules.ref(g.name(), g.value())),
        given(Setting.API_URL, file.apiUrl()).map(g -> Rules.apiUrl(g.name(), g.value())),
        given(Setting.TRANSPORT, file.transport()).map(ConfigResolver::transport),
        value(Setting.GIT_URL, file.gitUrl()),
        tokenSettings);

    Optional<ConfigFile.Aws> aws = Optional.ofNullable(file.aws());
    Optional<Given<List<String>>> regionsGiven = given(Setting.REGIONS, regionsFromFile(aws));
    List<String> regions = regionsGiven.map(g -> Rules.regions(g.name(), g.value()))
        .orElse(List.of());
    AwsSettings awsSettings = new AwsSettings(
        regions,
        value(Setting.PROFILE, aws.map(ConfigFile.Aws::profile).orElse(null)),
        value(Setting.ENDPOINT_URL, aws.map(ConfigFile.Aws::endpointUrl).orElse(null)),
        value(Setting.ROLE_ARN, aws.map(ConfigFile.Aws::roleArn).orElse(null)));

    String store = given(Setting.STORE, fileUri(file.store()))
        .map(ConfigResolver::store).orElse(defaults.store());
    Optional<Given<String>> registryGiven = given(Setting.REGISTRY, fileUri(file.registry()));
    String registry = registryGiven.map(ConfigResolver::registry).orElse(defaults.registry());
    String regionsName = regionsGiven.map(Given::name).orElse(overrides.nameOf(Setting.REGIONS));
    Rules.storeServesRegions(given(Setting.STORE, file.store()).map(Given::name)
        .orElse(overrides.nameOf(Setting.STORE)), store, regionsName, regions);
    Rules.registryServesRegions(registryGiven.map(Given::name)
        .orElse(overrides.nameOf(Setting.REGISTRY)), registry, regionsName, regions);

    PublishSettings publish = publishSettings();
    Rules.storageFitsStore(overrides.nameOf(Setting.STORAGE), publish.storage(),
        given(Setting.STORE, file.store()).map(Given::name).orElse(overrides.nameOf(Setting.STORE)),
        store);
    List<PackageSpec> packages = packages(publish);

    Optional<ConfigFile.Archive> archive = Optional.ofNullable(file.archive());
    Instant timestamp = given(Setting.TIMESTAMP, archive.map(ConfigFile.Archive::timestamp)
        .orElse(null)).map(ConfigResolver::timestamp).orElse(ArchiveSettings.DEFAULT_TIMESTAMP);
    Given<Integer> concurrency = given(Setting.CONCURRENCY,
        archive.map(ConfigFile.Archive::concurrency).orElse(null))
        .orElseGet(() -> new Given<>(defaultConcurrency(source), "default"));
    if (concurrency.value() < 1 || concurrency.value() > 256) {
      throw new ConfigException(concurrency.name() + " " + concurrency.value()
          + " is out of range; use 1 to 256");
    }
    int level = archive.map(ConfigFile.Archive::level).orElse(ArchiveSettings.DEFAULT_LEVEL);
    if (level < 0 || level > 9) {
      throw new ConfigException(FILE + "archive.level " + level + " is out of range; use 0 to 9");
    }

    return new LayerkitConfig(
        sourceSettings,
        store,
        registry,
        packages,
        publish,
        awsSettings,
        new ArchiveSettings(timestamp, concurrency.value(), level),
        limits(),
        value(Setting.OUT, null).map(Path::of)
            .orElseGet(() -> file.out() == null ? defaults.outDir() : fileDir.resolve(file.out())),
        overrides.value(Setting.FORCE).orElse(false),
        trust(store));
  }

  /** The attestation key and signing profile; signing needs a store Signer can read and write. */
  private TrustSettings trust(String store) {
    Optional<ConfigFile.Trust> fromFile = Optional.ofNullable(file.trust());
    Optional<Given<String>> profile = given(Setting.SIGNING_PROFILE,
        fromFile.map(ConfigFile.Trust::signingProfile).orElse(null));
    profile.ifPresent(g -> Rules.signingStore(g.name(), store, overrides.nameOf(Setting.STORE)));
    return new TrustSettings(
        given(Setting.ATTESTATION_KEY, fromFile.map(ConfigFile.Trust::attestationKey).orElse(null))
            .map(g -> Rules.kmsKey(g.name(), g.value())),
        profile.map(g -> Rules.signingProfile(g.name(), g.value())));
  }

  /** The front door's value with its name, else the file's under its key, else nothing. */
  private <T> Optional<Given<T>> given(Setting<T> setting, T fromFile) {
    return overrides.get(setting).or(() -> present(fromFile)
        ? Optional.of(new Given<>(fromFile, FILE + setting.fileKey())) : Optional.empty());
  }

  private <T> Optional<T> value(Setting<T> setting, T fromFile) {
    return given(setting, fromFile).map(Given::value);
  }

  /** {@code regions:}, or the single {@code aws.region:} as a list of one; never both. */
  private List<String> regionsFromFile(Optional<ConfigFile.Aws> aws) {
    Optional<String> single = aws.map(ConfigFile.Aws::region);
    if (file.regions() != null && single.isPresent()) {
      throw new ConfigException(FILE + "has both regions: and aws.region: keep one; the first"
          + " of regions: is the home region");
    }
    return single.map(List::of).orElse(file.regions());
  }

  private static boolean present(Object value) {
    return value != null && !(value instanceof List<?> list && list.isEmpty());
  }

  private PublishSettings publishSettings() {
    Optional<ConfigFile.Publish> p = Optional.ofNullable(file.publish());
    boolean publishLayer = value(Setting.PUBLISH_LAYER,
        p.map(ConfigFile.Publish::layer).orElse(null)).orElse(false);
    boolean allowPublic = value(Setting.ALLOW_PUBLIC,
        p.map(ConfigFile.Publish::allowPublic).orElse(null)).orElse(false);
    Optional<Given<List<String>>> shareGiven =
        given(Setting.SHARE, p.map(ConfigFile.Publish::share).orElse(null));
    List<String> share = shareGiven.map(g -> Rules.sharePrincipals(g.name(), g.value()))
        .orElse(List.of());
    shareGiven.ifPresent(g -> {
      Rules.shareNeedsPublish(g.name(), true, publishLayer, overrides.nameOf(Setting.PUBLISH_LAYER));
      Rules.publicShareConfirmed(g.name(), share, allowPublic,
          overrides.nameOf(Setting.ALLOW_PUBLIC));
    });
    return new PublishSettings(
        publishLayer,
        share,
        allowPublic,
        given(Setting.RUNTIMES, p.map(ConfigFile.Publish::runtimes).orElse(null))
            .map(g -> Rules.runtimes(g.name(), g.value())).orElse(List.of()),
        given(Setting.ARCHITECTURES, p.map(ConfigFile.Publish::architectures).orElse(null))
            .map(g -> Rules.architectures(g.name(), g.value())).orElse(List.of()),
        given(Setting.LICENSE, p.map(ConfigFile.Publish::license).orElse(null))
            .map(g -> Rules.license(g.name(), g.value())),
        given(Setting.STORAGE, p.map(ConfigFile.Publish::storage).orElse(null))
            .map(g -> Rules.storage(g.name(), g.value())).orElse(PublishSettings.COPY));
  }

  private List<PackageSpec> packages(PublishSettings publish) {
    List<ConfigFile.Package> filePackages = file.packages() == null ? List.of() : file.packages();
    List<Chosen> configured = new ArrayList<>();
    for (int i = 0; i < filePackages.size(); i++) {
      configured.add(fromFile(filePackages.get(i), i, publish));
    }
    List<Chosen> chosen = new ArrayList<>();
    Optional<Given<List<String>>> entries = overrides.get(Setting.PACKAGES);
    if (entries.isEmpty()) {
      chosen.addAll(configured);
    } else {
      for (String entry : entries.get().value()) {
        Chosen pick = pick(entries.get().name(), entry, configured);
        // one package given by path and by name is still one package
        if (chosen.stream().noneMatch(c -> c.spec().equals(pick.spec()))) {
          chosen.add(pick);
        }
      }
    }
    Map<String, Chosen> byName = new LinkedHashMap<>();
    for (Chosen c : chosen) {
      Rules.packageName(c.name(), c.entry(), c.spec().name());
      if (publish.publishLayer()) {
        Rules.layerName(c.name(), c.entry(), c.spec().name());
      }
      Chosen previous = byName.putIfAbsent(c.spec().name(), c);
      if (previous != null) {
        throw new ConfigException(c.name() + " names '" + previous.spec().path() + "' and '"
            + c.spec().path() + "', which both give the package name '" + c.spec().name()
            + "': each package needs its own name; rename one as NAME=FOLDER or with name: in"
            + " layerkit.yaml");
      }
    }
    return chosen.stream().map(Chosen::spec).toList();
  }

  /** A package, the name of the setting that chose it, and the entry as written there. */
  private record Chosen(PackageSpec spec, String name, String entry) {}

  /**
   * One entry of a package list: {@code NAME=FOLDER} names the package in {@code FOLDER};
   * otherwise the entry is a folder first, and a configured package's name only when no
   * configured package has it as its folder.
   */
  private Chosen pick(String name, String entry, List<Chosen> configured) {
    int equals = entry.indexOf('=');
    if (equals >= 0 && entry.lastIndexOf('/', equals) < 0) {
      String packageName = entry.substring(0, equals).strip();
      String path = folder(name, entry, entry.substring(equals + 1).strip());
      PackageSpec spec = configured.stream().map(Chosen::spec)
          .filter(c -> c.path().equals(path)).findFirst()
          .orElseGet(() -> PackageSpec.ofPath(path));
      return new Chosen(spec.withName(packageName), name, entry);
    }
    String path = folder(name, entry, entry);
    PackageSpec spec = configured.stream().map(Chosen::spec)
        .filter(c -> c.path().equals(path)).findFirst()
        .or(() -> configured.stream().map(Chosen::spec)
            .filter(c -> c.name().equals(entry)).findFirst())
        .orElseGet(() -> PackageSpec.ofPath(path));
    return new Chosen(spec, name, entry);
  }

  private Chosen fromFile(ConfigFile.Package p, int index, PublishSettings publish) {
    String where = FILE + "packages[" + index + "]";
    if (p.path() == null || p.path().isBlank()) {
      throw new ConfigException(where + " has no path; add path: FOLDER");
    }
    String path = folder(where, p.path(), p.path());
    PackageSpec spec = new PackageSpec(
        p.name() != null ? p.name() : PackageSpec.nameOf(path),
        path,
        p.runtimes() == null ? List.of() : Rules.runtimes(where + ".runtimes", p.runtimes()),
        p.architectures() == null ? List.of()
            : Rules.architectures(where + ".architectures", p.architectures()),
        Optional.ofNullable(p.license()).map(l -> Rules.license(where + ".license", l)),
        p.share() == null ? List.of() : Rules.sharePrincipals(where + ".share", p.share()));
    Rules.shareNeedsPublish(where + ".share", !spec.share().isEmpty(), publish.publishLayer(),
        overrides.nameOf(Setting.PUBLISH_LAYER));
    Rules.publicShareConfirmed(where + ".share", spec.share(), publish.allowPublic(),
        overrides.nameOf(Setting.ALLOW_PUBLIC));
    return new Chosen(spec, where, path);
  }

  /** A package folder, normalised; never the repository root, never an absolute path. */
  private static String folder(String name, String entry, String path) {
    if (path.strip().startsWith("/") || path.strip().startsWith("\\")) {
      throw Rules.refuse(name, entry, "is an absolute path: give the package folder relative to"
          + " the source's root, e.g. layers/requests");
    }
    String folder;
    try {
      folder = PathRules.normalizeFolder(path);
    } catch (UnsafePathException e) {
      throw Rules.refuse(name, entry, "is not a safe folder path: " + e.getMessage());
    }
    if (folder.isEmpty()) {
      throw Rules.refuse(name, entry, "is the repository root: name the package folder itself");
    }
    return folder;
  }

  private static String transport(Given<String> transport) {
    if (!transport.value().equals("api") && !transport.value().equals("git")) {
      throw Rules.refuse(transport.name(), transport.value(), "is not known; use api or git");
    }
    return transport.value();
  }

  /** {@code s3://BUCKET/PREFIX}: the bucket and the prefix each meet S3's rules. */
  private static String store(Given<String> store) {
    String uri = store.value();
    if (uri.startsWith("s3://")) {
      String rest = uri.substring("s3://".length());
      int slash = rest.indexOf('/');
      Rules.bucket(store.name() + " bucket", slash < 0 ? rest : rest.substring(0, slash));
      Rules.keyPrefix(store.name() + " prefix", slash < 0 ? "" : rest.substring(slash + 1));
    }
    return uri;
  }

  /** {@code ssm:/PATH}: a path SSM accepts and does not reserve. */
  private static String registry(Given<String> registry) {
    String uri = registry.value();
    if (uri.startsWith("ssm:")) {
      String path = uri.substring("ssm:".length());
      return "ssm:" + Rules.parameterPath(registry.name() + " path",
          path.startsWith("/") ? path : "/" + path);
    }
    return uri;
  }

  private LayerLimits limits() {
    LayerLimits lambda = LayerLimits.lambdaDefaults();
    Optional<ConfigFile.Limits> limits = Optional.ofNullable(file.limits());
    return new LayerLimits(
        limits.map(ConfigFile.Limits::maxUnzippedMb).map(mb -> positiveMb("limits.maxUnzippedMb", mb))
            .orElse(lambda.maxUnzippedBytes()),
        limits.map(ConfigFile.Limits::maxDirectUploadMb)
            .map(mb -> positiveMb("limits.maxDirectUploadMb", mb))
            .orElse(lambda.maxDirectUploadBytes()));
  }

  /** The file's source, a folder resolved against the file's folder; that folder by default. */
  private String sourceFromFile() {
    String value = file.source();
    if (value == null) {
      return fileDir.toString();
    }
    if (value.contains("://")) {
      return value;
    }
    String path = value.startsWith("dir:") ? value.substring(4) : value;
    return "dir:" + fileDir.resolve(path).normalize();
  }

  /** A store or registry URI from the file: a {@code file:} path is relative to the file. */
  private String fileUri(String value) {
    if (value != null && value.startsWith("file:") && !value.startsWith("file://")) {
      return "file:" + fileDir.resolve(value.substring(5)).normalize();
    }
    return value;
  }

  private static long positiveMb(String key, int mb) {
    if (mb < 1) {
      throw new ConfigException(FILE + key + " must be a positive number of MiB, got " + mb);
    }
    return mb * LayerLimits.MB;
  }

  /**
   * Threads that fetch and compress when none is configured: one per core for a local folder,
   * at least 16 for a remote source, whose fetches mostly wait on the network.
   */
  static int defaultConcurrency(String source) {
    int cores = Runtime.getRuntime().availableProcessors();
    boolean remote = source.contains("://") && !source.startsWith("dir:");
    return remote ? Math.max(REMOTE_CONCURRENCY, cores) : cores;
  }

  /** ISO-8601 instant ({@code 2024-05-06T07:08:10Z}) or seconds since the epoch (SOURCE_DATE_EPOCH). */
  private static Instant timestamp(Given<String> given) {
    String value = given.value();
    Instant instant;
    try {
      instant = value.matches("\\d+") ? Instant.ofEpochSecond(Long.parseLong(value))
          : Instant.parse(value);
    } catch (DateTimeException | NumberFormatException e) {
      throw Rules.refuse(given.name(), value, "is neither seconds since 1970 nor an ISO-8601"
          + " instant such as 2024-05-06T07:08:10Z");
    }
    if (instant.isBefore(ArchiveSettings.DEFAULT_TIMESTAMP) || instant.isAfter(LATEST_DOS_TIME)) {
      throw new ConfigException(given.name() + " " + instant + " is outside what a zip can store"
          + " (1980-01-01 to 2107-12-31)");
    }
    return instant;
  }
}
