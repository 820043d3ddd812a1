package io.layerkit.config;

import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.LayerLimits;
import io.layerkit.tree.PathRules;
import io.layerkit.tree.UnsafePathException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds the one immutable {@link LayerkitConfig} of a run from flags, environment,
 * {@code layerkit.yaml} and defaults, in that order of precedence, and checks every value once so
 * that nothing later fails on a typo.
 */
public final class ConfigResolver {
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern ORGANIZATION = Pattern.compile("o-[a-z0-9]{10,32}");
  private static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final List<String> ARCHITECTURES = List.of("x86_64", "arm64");
  private static final int REMOTE_CONCURRENCY = 16;
  private static final Instant LATEST_DOS_TIME = Instant.parse("2107-12-31T23:59:58Z");

  private final ConfigFile file;
  private final Path fileDir;
  private final ConfigOverrides overrides;

  /**
   * @param file the parsed config file, or {@link ConfigFile#empty()}
   * @param fileDir the config file's folder: relative paths in the file are resolved against it
   * @param overrides flags over environment
   */
  public ConfigResolver(ConfigFile file, Path fileDir, ConfigOverrides overrides) {
    this.file = file;
    this.fileDir = fileDir;
    this.overrides = overrides;
  }

  /** Resolves the configuration for the given package paths (all configured ones when empty). */
  public LayerkitConfig resolve(List<String> packagePaths) {
    LayerkitConfig defaults = LayerkitConfig.defaults();
    String source = overrides.source().orElseGet(this::sourceFromFile);
    ConfigFile.Token token = file.token();
    TokenSettings tokenSettings = new TokenSettings(
        overrides.tokenEnv().or(() -> Optional.ofNullable(token).map(ConfigFile.Token::env))
            .orElse(TokenSettings.DEFAULT_ENV_VAR),
        overrides.tokenParameter()
            .or(() -> Optional.ofNullable(token).map(ConfigFile.Token::parameter)),
        overrides.tokenUsername()
            .or(() -> Optional.ofNullable(token).map(ConfigFile.Token::username)));
    SourceSettings sourceSettings = new SourceSettings(
        source,
        overrides.ref().or(() -> Optional.ofNullable(file.ref())),
        overrides.apiUrl().or(() -> Optional.ofNullable(file.apiUrl())),
        overrides.transport().or(() -> Optional.ofNullable(file.transport())),
        overrides.gitUrl().or(() -> Optional.ofNullable(file.gitUrl())),
        tokenSettings);
    sourceSettings.apiUrl().ifPresent(ConfigResolver::checkApiUrl);
    sourceSettings.transport().ifPresent(t -> {
      if (!t.equals("api") && !t.equals("git")) {
        throw new ConfigException("--transport " + t + " is not known; use api or git");
      }
    });

    ConfigFile.Aws aws = file.aws();
    AwsSettings awsSettings = new AwsSettings(
        overrides.region().or(() -> Optional.ofNullable(aws).map(ConfigFile.Aws::region)),
        overrides.profile().or(() -> Optional.ofNullable(aws).map(ConfigFile.Aws::profile)),
        overrides.endpointUrl().or(() -> Optional.ofNullable(aws).map(ConfigFile.Aws::endpointUrl)),
        overrides.roleArn().or(() -> Optional.ofNullable(aws).map(ConfigFile.Aws::roleArn)));

    PublishSettings publish = publishSettings();
    List<PackageSpec> packages = packages(packagePaths);
    for (PackageSpec spec : packages) {
      List<String> all = new ArrayList<>(publish.share());
      all.addAll(spec.share());
      checkShare(all, publish.allowPublic());
      checkArchitectures(spec.architectures());
    }

    ConfigFile.Archive archive = file.archive();
    Instant timestamp = overrides.timestamp()
        .or(() -> Optional.ofNullable(archive).map(ConfigFile.Archive::timestamp))
        .map(ConfigResolver::parseTimestamp)
        .orElse(ArchiveSettings.DEFAULT_TIMESTAMP);
    int concurrency = overrides.concurrency()
        .or(() -> Optional.ofNullable(archive).map(ConfigFile.Archive::concurrency))
        .orElseGet(() -> defaultConcurrency(source));
    if (concurrency < 1 || concurrency > 256) {
      throw new ConfigException("--concurrency " + concurrency + " is out of range; use 1 to 256");
    }
    int level = Optional.ofNullable(archive).map(ConfigFile.Archive::level)
        .orElse(ArchiveSettings.DEFAULT_LEVEL);
    if (level < 0 || level > 9) {
      throw new ConfigException("archive.level " + level + " is out of range; use 0 to 9");
    }

    LayerLimits lambda = LayerLimits.lambdaDefaults();
    ConfigFile.Limits limits = file.limits();
    LayerLimits layerLimits = new LayerLimits(
        Optional.ofNullable(limits).map(ConfigFile.Limits::maxUnzippedMb)
            .map(mb -> positiveMb("limits.maxUnzippedMb", mb)).orElse(lambda.maxUnzippedBytes()),
        Optional.ofNullable(limits).map(ConfigFile.Limits::maxDirectUploadMb)
            .map(mb -> positiveMb("limits.maxDirectUploadMb", mb))
            .orElse(lambda.maxDirectUploadBytes()));

    return new LayerkitConfig(
        sourceSettings,
        overrides.store().orElseGet(() -> uriFromFile(file.store(), defaults.store())),
        overrides.registry().orElseGet(() -> uriFromFile(file.registry(), defaults.registry())),
        packages,
        publish,
        awsSettings,
        new ArchiveSettings(timestamp, concurrency, level),
        layerLimits,
        overrides.out().map(Path::of)
            .orElseGet(() -> file.out() == null ? defaults.outDir() : fileDir.resolve(file.out())),
        overrides.force().orElse(false));
  }

  private PublishSettings publishSettings() {
    ConfigFile.Publish p = file.publish();
    Optional<ConfigFile.Publish> fp = Optional.ofNullable(p);
    return new PublishSettings(
        overrides.publishLayer().or(() -> fp.map(ConfigFile.Publish::layer)).orElse(false),
        !overrides.share().isEmpty() ? overrides.share()
            : fp.map(ConfigFile.Publish::share).orElse(List.of()),
        overrides.allowPublic().or(() -> fp.map(ConfigFile.Publish::allowPublic)).orElse(false),
        !overrides.runtimes().isEmpty() ? overrides.runtimes()
            : fp.map(ConfigFile.Publish::runtimes).orElse(List.of()),
        checkArchitectures(!overrides.architectures().isEmpty() ? overrides.architectures()
            : fp.map(ConfigFile.Publish::architectures).orElse(List.of())),
        overrides.license().or(() -> fp.map(ConfigFile.Publish::license)));
  }

  private List<PackageSpec> packages(List<String> packagePaths) {
    List<PackageSpec> configured = new ArrayList<>();
    List<ConfigFile.Package> filePackages = file.packages() == null ? List.of() : file.packages();
    for (int i = 0; i < filePackages.size(); i++) {
      configured.add(toSpec(filePackages.get(i), i));
    }
    if (packagePaths.isEmpty()) {
      return configured;
    }
    List<PackageSpec> chosen = new ArrayList<>();
    for (String arg : packagePaths) {
      String path = normalize(arg, "PACKAGE_PATH " + arg);
      // an argument is a path first; a configured name only when no configured path matches
      PackageSpec spec = configured.stream().filter(c -> c.path().equals(path)).findFirst()
          .or(() -> configured.stream().filter(c -> c.name().equals(arg)).findFirst())
          .orElseGet(() -> PackageSpec.ofPath(path));
      if (!chosen.contains(spec)) { // one package given by path and by name is still one package
        chosen.add(checkName(spec, "PACKAGE_PATH " + arg));
      }
    }
    return chosen;
  }

  private PackageSpec toSpec(ConfigFile.Package p, int index) {
    String where = "packages[" + index + "]";
    if (p.path() == null || p.path().isBlank()) {
      throw new ConfigException("layerkit.yaml " + where + " has no path; add path: FOLDER");
    }
    String path = normalize(p.path(), where + ".path");
    PackageSpec spec = new PackageSpec(
        p.name() != null ? p.name() : PackageSpec.nameOf(path),
        path,
        p.runtimes() == null ? List.of() : p.runtimes(),
        checkArchitectures(p.architectures() == null ? List.of() : p.architectures()),
        Optional.ofNullable(p.license()),
        p.share() == null ? List.of() : p.share());
    return checkName(spec, where);
  }

  private static String normalize(String path, String where) {
    try {
      return PathRules.normalizeFolder(path);
    } catch (UnsafePathException e) {
      throw new ConfigException(where + ": " + e.getMessage());
    }
  }

  private static PackageSpec checkName(PackageSpec spec, String where) {
    if (!PACKAGE_NAME.matcher(spec.name()).matches()) {
      throw new ConfigException(where + ": package name '" + spec.name() + "' is not usable as a"
          + " file, S3 key and SSM name; use letters, digits, '.', '_' and '-' (set name: in"
          + " layerkit.yaml)");
    }
    return spec;
  }

  private static void checkShare(List<String> principals, boolean allowPublic) {
    for (String principal : principals) {
      if (principal.equals("*")) {
        if (!allowPublic) {
          throw new ConfigException("--share * makes the layer public to every AWS account;"
              + " add --allow-public if that is really meant");
        }
      } else if (!ACCOUNT.matcher(principal).matches()
          && !ORGANIZATION.matcher(principal).matches()) {
        throw new ConfigException("--share " + principal + " is neither a 12-digit account id,"
            + " an organization id (o-...) nor *");
      }
    }
  }

  private static List<String> checkArchitectures(List<String> architectures) {
    for (String arch : architectures) {
      if (!ARCHITECTURES.contains(arch)) {
        throw new ConfigException("--arch " + arch + " is not a Lambda architecture; use x86_64"
            + " or arm64");
      }
    }
    return architectures;
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
  private String uriFromFile(String value, String fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.startsWith("file:") && !value.startsWith("file://")) {
      return "file:" + fileDir.resolve(value.substring(5)).normalize();
    }
    return value;
  }

  private static void checkApiUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null
        || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
      throw new ConfigException("--api-url " + url + " is not an http(s) URL; e.g."
          + " https://api.bitbucket.org");
    }
  }

  private static long positiveMb(String key, int mb) {
    if (mb < 1) {
      throw new ConfigException(key + " must be a positive number of MiB, got " + mb);
    }
    return mb * LayerLimits.MB;
  }

  /**
   * Threads that fetch and compress when none is configured: one per core for a local folder,
   * at least 16 for a remote source, whose fetches mostly wait on the network.
   */
  public static int defaultConcurrency(String source) {
    int cores = Runtime.getRuntime().availableProcessors();
    boolean remote = source.contains("://") && !source.startsWith("dir:");
    return remote ? Math.max(REMOTE_CONCURRENCY, cores) : cores;
  }

  /** ISO-8601 instant ({@code 2024-05-06T07:08:10Z}) or seconds since the epoch (SOURCE_DATE_EPOCH). */
  static Instant parseTimestamp(String value) {
    Instant instant;
    try {
      instant = value.matches("\\d+") ? Instant.ofEpochSecond(Long.parseLong(value))
          : Instant.parse(value);
    } catch (DateTimeException | NumberFormatException e) {
      throw new ConfigException("timestamp '" + value + "' is neither seconds since 1970 nor an"
          + " ISO-8601 instant such as 2024-05-06T07:08:10Z");
    }
    if (instant.isBefore(ArchiveSettings.DEFAULT_TIMESTAMP) || instant.isAfter(LATEST_DOS_TIME)) {
      throw new ConfigException("timestamp " + instant + " is outside what a zip can store"
          + " (1980-01-01 to 2107-12-31)");
    }
    return instant;
  }
}
