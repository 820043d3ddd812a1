package io.layerkit.lambda;

import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.LayerLimits;
import io.layerkit.config.AwsSettings;
import io.layerkit.config.ConfigException;
import io.layerkit.config.ConfigResolver;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import io.layerkit.config.PublishSettings;
import io.layerkit.config.SourceSettings;
import io.layerkit.config.TokenSettings;
import io.layerkit.tree.PathRules;
import io.layerkit.tree.UnsafePathException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The function's configuration as environment variables: the names the original function used
 * ({@code BITBUCKET_*}, {@code PACKAGE_PATHS}, {@code BUCKET_NAME}) plus layerkit's own. Every
 * value is checked here, once, so that a missing or malformed variable fails with one line naming
 * it before anything is fetched or written.
 *
 * <p>AWS endpoints are deliberately not read here: the SDK itself honours {@code AWS_REGION},
 * {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>} as long as no endpoint is forced
 * in code, which is what lets the same function run against emulators exactly as deployed.
 *
 * @param workspace Bitbucket workspace id
 * @param repository Bitbucket repository slug
 * @param branch the branch whose head is built when no event pins a commit
 * @param tokenParameter SSM SecureString holding the Bitbucket token
 * @param username user for HTTP Basic (Atlassian API tokens: the account email); empty means Bearer
 * @param packagePaths package folders, normalised, in the order given
 * @param bucket S3 bucket for the zips
 * @param bucketPrefix key prefix inside the bucket: empty or ending in {@code /}
 * @param parameterPrefix SSM path under which releases are recorded, e.g. {@code /layerkit}
 * @param publishLayers publish a Lambda layer version for each new zip
 * @param shareWith accounts, organizations or {@code *} every layer version is shared with
 * @param allowPublic {@code *} in {@code shareWith} is confirmed ({@code ALLOW_PUBLIC_LAYERS})
 * @param runtimes compatible runtimes of published layer versions
 * @param architectures compatible architectures of published layer versions
 * @param apiUrl Bitbucket API base URL, when not the public one
 */
public record LambdaEnvironment(
    String workspace,
    String repository,
    String branch,
    String tokenParameter,
    Optional<String> username,
    List<String> packagePaths,
    String bucket,
    String bucketPrefix,
    String parameterPrefix,
    boolean publishLayers,
    List<String> shareWith,
    boolean allowPublic,
    List<String> runtimes,
    List<String> architectures,
    Optional<String> apiUrl) {

  public static final String BITBUCKET_WORKSPACE = "BITBUCKET_WORKSPACE";
  public static final String BITBUCKET_REPOSITORY = "BITBUCKET_REPOSITORY";
  public static final String BITBUCKET_BRANCH = "BITBUCKET_BRANCH";
  public static final String BITBUCKET_TOKEN_PARAMETER = "BITBUCKET_TOKEN_PARAMETER";
  public static final String BITBUCKET_USERNAME = "BITBUCKET_USERNAME";
  public static final String BITBUCKET_API_URL = "BITBUCKET_API_URL";
  public static final String PACKAGE_PATHS = "PACKAGE_PATHS";
  public static final String BUCKET_NAME = "BUCKET_NAME";
  public static final String BUCKET_PREFIX = "BUCKET_PREFIX";
  public static final String PARAMETER_PREFIX = "PARAMETER_PREFIX";
  public static final String PUBLISH_LAYERS = "PUBLISH_LAYERS";
  public static final String SHARE_WITH = "SHARE_WITH";
  public static final String ALLOW_PUBLIC_LAYERS = "ALLOW_PUBLIC_LAYERS";
  public static final String COMPATIBLE_RUNTIMES = "COMPATIBLE_RUNTIMES";
  public static final String COMPATIBLE_ARCHITECTURES = "COMPATIBLE_ARCHITECTURES";

  /** Every variable the function reads; the deployment template sets exactly these. */
  public static final List<String> VARIABLES = List.of(
      BITBUCKET_WORKSPACE, BITBUCKET_REPOSITORY, BITBUCKET_BRANCH, BITBUCKET_TOKEN_PARAMETER,
      BITBUCKET_USERNAME, BITBUCKET_API_URL, PACKAGE_PATHS, BUCKET_NAME, BUCKET_PREFIX,
      PARAMETER_PREFIX, PUBLISH_LAYERS, SHARE_WITH, ALLOW_PUBLIC_LAYERS, COMPATIBLE_RUNTIMES,
      COMPATIBLE_ARCHITECTURES);

  /** The variables without which the function cannot run. */
  public static final List<String> REQUIRED = List.of(
      BITBUCKET_WORKSPACE, BITBUCKET_REPOSITORY, BITBUCKET_BRANCH, BITBUCKET_TOKEN_PARAMETER,
      PACKAGE_PATHS, BUCKET_NAME);

  public static final String DEFAULT_PARAMETER_PREFIX = "/layerkit";

  private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Pattern SSM_NAME = Pattern.compile(
      "(arn:aws[a-z-]*:ssm:[a-z0-9-]+:\\d{12}:parameter/)?[A-Za-z0-9_./-]{1,1011}");
  // S3 general purpose bucket naming rules, without the IP-address and reserved-suffix corner cases.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern SSM_PATH = Pattern.compile("(/[A-Za-z0-9_.-]+){1,15}");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern ORGANIZATION = Pattern.compile("o-[a-z0-9]{10,32}");
  private static final Pattern RUNTIME = Pattern.compile("[a-z][a-z0-9.]{1,31}");
  private static final List<String> ARCHITECTURES = List.of("x86_64", "arm64");
  // Lambda's own limits on PublishLayerVersion.
  private static final int MAX_RUNTIMES = 15;

  public LambdaEnvironment {
    packagePaths = List.copyOf(packagePaths);
    shareWith = List.copyOf(shareWith);
    runtimes = List.copyOf(runtimes);
    architectures = List.copyOf(architectures);
  }

  /**
   * Reads and checks every variable.
   *
   * @throws ConfigException naming the first variable that is missing or malformed
   */
  public static LambdaEnvironment from(Map<String, String> env) {
    Reader read = new Reader(env);
    String workspace = read.required(BITBUCKET_WORKSPACE, "the Bitbucket workspace id, e.g. my-team");
    requireMatch(BITBUCKET_WORKSPACE, workspace, SLUG, "letters, digits, '.', '_' and '-'");
    String repository = read.required(BITBUCKET_REPOSITORY, "the repository slug, e.g. cfct-config");
    requireMatch(BITBUCKET_REPOSITORY, repository, SLUG, "letters, digits, '.', '_' and '-'");
    String branch = branch(read.required(BITBUCKET_BRANCH, "the branch to build, e.g. main"));
    String tokenParameter = read.required(BITBUCKET_TOKEN_PARAMETER,
        "the name of the SSM SecureString parameter holding the Bitbucket token");
    requireMatch(BITBUCKET_TOKEN_PARAMETER, tokenParameter, SSM_NAME,
        "an SSM parameter name such as /layerkit/bitbucket-token");
    Optional<String> username = read.optional(BITBUCKET_USERNAME);
    Optional<String> apiUrl = read.optional(BITBUCKET_API_URL).map(LambdaEnvironment::apiUrl);
    List<String> packagePaths = packagePaths(read.required(PACKAGE_PATHS,
        "comma-separated package folders, e.g. lambda/layers/requests,lambda/layers/jq"));
    String bucket = read.required(BUCKET_NAME, "the S3 bucket that keeps the layer zips");
    requireMatch(BUCKET_NAME, bucket, BUCKET, "3-63 lower-case letters, digits, '.' and '-'");
    String bucketPrefix = bucketPrefix(read.optional(BUCKET_PREFIX).orElse(""));
    String parameterPrefix = parameterPrefix(
        read.optional(PARAMETER_PREFIX).orElse(DEFAULT_PARAMETER_PREFIX));
    boolean publish = read.optional(PUBLISH_LAYERS).map(v -> bool(PUBLISH_LAYERS, v)).orElse(false);
    List<String> share = shareWith(read.list(SHARE_WITH));
    if (!share.isEmpty() && !publish) {
      throw new ConfigException(SHARE_WITH + " is set but " + PUBLISH_LAYERS
          + " is not true: sharing applies to published layer versions; set " + PUBLISH_LAYERS
          + "=true or clear " + SHARE_WITH);
    }
    // like --allow-public: one setting alone never makes a layer public
    boolean allowPublic = read.optional(ALLOW_PUBLIC_LAYERS)
        .map(v -> bool(ALLOW_PUBLIC_LAYERS, v)).orElse(false);
    if (share.contains("*") && !allowPublic) {
      throw new ConfigException(SHARE_WITH + " contains '*', which lets every AWS account use the"
          + " layers: set " + ALLOW_PUBLIC_LAYERS + "=true to confirm, or share with account or"
          + " organization ids");
    }
    List<String> runtimes = runtimes(read.list(COMPATIBLE_RUNTIMES));
    List<String> architectures = architectures(read.list(COMPATIBLE_ARCHITECTURES));
    return new LambdaEnvironment(workspace, repository, branch, tokenParameter, username,
        packagePaths, bucket, bucketPrefix, parameterPrefix, publish, share, allowPublic, runtimes,
        architectures, apiUrl);
  }

  /** {@code bitbucket://WORKSPACE/REPOSITORY}. */
  public String sourceUri() {
    return "bitbucket://" + workspace + "/" + repository;
  }

  /** {@code s3://BUCKET/PREFIX}. */
  public String storeUri() {
    return "s3://" + bucket + "/" + bucketPrefix;
  }

  /** {@code ssm:/PREFIX}. */
  public String registryUri() {
    return "ssm:" + parameterPrefix;
  }

  /**
   * The run's configuration.
   *
   * @param packages the packages to build (the configured ones, or an event's override)
   * @param ref the branch, tag or commit to build
   * @param workDir a folder under {@code /tmp} for anything written locally
   */
  public LayerkitConfig toConfig(List<PackageSpec> packages, String ref, Path workDir) {
    SourceSettings source = new SourceSettings(
        sourceUri(), Optional.of(ref), apiUrl, Optional.of("api"), Optional.empty(),
        new TokenSettings(TokenSettings.DEFAULT_ENV_VAR, Optional.of(tokenParameter), username));
    PublishSettings publish = new PublishSettings(
        publishLayers, shareWith, allowPublic, runtimes, architectures, Optional.empty());
    return new LayerkitConfig(source, storeUri(), registryUri(), packages, publish,
        AwsSettings.defaults(),
        ArchiveSettings.defaults().withConcurrency(ConfigResolver.defaultConcurrency(sourceUri())),
        LayerLimits.lambdaDefaults(), workDir,
        false);
  }

  /** The configured packages. */
  public List<PackageSpec> packages() {
    return packagePaths.stream().map(PackageSpec::ofPath).toList();
  }

  /**
   * Checks a package folder list given at run time (an event's override) with the same rules as
   * {@code PACKAGE_PATHS}.
   *
   * @param origin names where the list came from, for the message
   */
  public static List<String> checkPackagePaths(String origin, List<String> paths) {
    if (paths.isEmpty()) {
      throw new ConfigException(origin + " is empty: name at least one package folder");
    }
    List<String> normalized = new ArrayList<>();
    Map<String, String> byName = new HashMap<>();
    for (int i = 0; i < paths.size(); i++) {
      String raw = paths.get(i) == null ? "" : paths.get(i).trim();
      if (raw.isEmpty()) {
        throw new ConfigException(origin + " has an empty entry at position " + (i + 1)
            + ": remove it or name a folder");
      }
      String folder;
      try {
        folder = PathRules.normalizeFolder(raw);
      } catch (UnsafePathException e) {
        throw new ConfigException(origin + " entry '" + shown(raw) + "' is not a safe folder path: "
            + e.getMessage());
      }
      if (folder.isEmpty()) {
        throw new ConfigException(origin + " entry '" + shown(raw)
            + "' is the repository root: name the package folder itself");
      }
      String name = PackageSpec.nameOf(folder);
      String previous = byName.putIfAbsent(name, folder);
      if (previous != null) {
        throw new ConfigException(origin + " names '" + previous + "' and '" + folder
            + "', which both give the package name '" + name + "': each package needs its own name");
      }
      normalized.add(folder);
    }
    return normalized;
  }

  private static List<String> packagePaths(String value) {
    return checkPackagePaths(PACKAGE_PATHS, List.of(value.split(",", -1)));
  }

  private static String branch(String value) {
    if (value.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || c == '~' || c == '^' || c == ':'
            || c == '?' || c == '*' || c == '[' || c == '\\')
        || value.contains("..") || value.startsWith("-") || value.startsWith("/")
        || value.endsWith("/") || value.endsWith(".lock")) {
      throw new ConfigException(BITBUCKET_BRANCH + " '" + shown(value)
          + "' is not a valid Git branch name: give the branch name without refs/heads/, e.g. main");
    }
    return value.startsWith("refs/heads/") ? value.substring("refs/heads/".length()) : value;
  }

  private static String apiUrl(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new ConfigException(BITBUCKET_API_URL + " '" + shown(value) + "' is not a URL: "
          + "give the API base URL, e.g. https://api.bitbucket.org");
    }
    if (uri.getScheme() == null
        || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
        || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new ConfigException(BITBUCKET_API_URL + " '" + shown(value) + "' must be an http(s) "
          + "URL with a host and no user, query or fragment, e.g. https://api.bitbucket.org");
    }
    return value.replaceAll("/+$", "");
  }

  private static String bucketPrefix(String value) {
    String prefix = value.replaceAll("^/+", "");
    if (prefix.isEmpty()) {
      return "";
    }
    if (prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')
        || prefix.contains("//") || List.of(prefix.split("/")).contains("..")
        || List.of(prefix.split("/")).contains(".") || prefix.length() > 512) {
      throw new ConfigException(BUCKET_PREFIX + " '" + shown(value) + "' is not a usable key "
          + "prefix: use '/'-separated names without '.', '..', backslashes or empty segments, "
          + "e.g. layers/");
    }
    return prefix.endsWith("/") ? prefix : prefix + "/";
  }

  private static String parameterPrefix(String value) {
    String prefix = value.length() > 1 ? value.replaceAll("/+$", "") : value;
    if (!SSM_PATH.matcher(prefix).matches()) {
      throw new ConfigException(PARAMETER_PREFIX + " '" + shown(value) + "' is not an SSM "
          + "parameter path: start with '/', use letters, digits, '.', '_', '-', e.g. /layerkit");
    }
    String first = prefix.substring(1).split("/")[0].toLowerCase(Locale.ROOT);
    if (first.startsWith("aws") || first.startsWith("ssm")) {
      throw new ConfigException(PARAMETER_PREFIX + " '" + shown(value) + "' starts with a name "
          + "SSM reserves ('aws' or 'ssm'): choose another path, e.g. /layerkit");
    }
    return prefix;
  }

  private static boolean bool(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(name + " '" + shown(value)
          + "' is not a boolean: set it to true or false");
    };
  }

  private static List<String> shareWith(List<String> entries) {
    for (String entry : entries) {
      if (!entry.equals("*") && !ACCOUNT.matcher(entry).matches()
          && !ORGANIZATION.matcher(entry).matches()) {
        throw new ConfigException(SHARE_WITH + " entry '" + shown(entry) + "' is neither a "
            + "12-digit account id, an organization id (o-...) nor '*'");
      }
    }
    return List.copyOf(new LinkedHashSet<>(entries));
  }

  private static List<String> runtimes(List<String> entries) {
    for (String entry : entries) {
      requireMatch(COMPATIBLE_RUNTIMES, entry, RUNTIME,
          "Lambda runtime identifiers such as python3.12, nodejs20.x or provided.al2023");
    }
    if (entries.size() > MAX_RUNTIMES) {
      throw new ConfigException(COMPATIBLE_RUNTIMES + " lists " + entries.size()
          + " runtimes; a layer version allows at most " + MAX_RUNTIMES);
    }
    return entries;
  }

  private static List<String> architectures(List<String> entries) {
    for (String entry : entries) {
      if (!ARCHITECTURES.contains(entry)) {
        throw new ConfigException(COMPATIBLE_ARCHITECTURES + " entry '" + shown(entry)
            + "' is not an architecture Lambda knows: use x86_64 and/or arm64");
      }
    }
    return List.copyOf(new LinkedHashSet<>(entries));
  }

  private static void requireMatch(String name, String value, Pattern pattern, String expected) {
    if (!pattern.matcher(value).matches()) {
      throw new ConfigException(name + " '" + shown(value) + "' is malformed: expected " + expected);
    }
  }

  /** A value as it may appear in a one-line message: escaped and not too long. */
  private static String shown(String value) {
    String printable = PathRules.printable(value);
    return printable.length() > 80 ? printable.substring(0, 77) + "..." : printable;
  }

  /** Reads variables, treating blank values as unset, as the Lambda console easily leaves them. */
  private record Reader(Map<String, String> env) {

    String required(String name, String what) {
      return optional(name).orElseThrow(() -> new ConfigException(
          name + " is not set: set it to " + what));
    }

    Optional<String> optional(String name) {
      String value = env.get(name);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    List<String> list(String name) {
      Optional<String> value = optional(name);
      if (value.isEmpty()) {
        return List.of();
      }
      List<String> entries = new ArrayList<>();
      String[] parts = value.get().split(",", -1);
      for (int i = 0; i < parts.length; i++) {
        String entry = parts[i].trim();
        if (entry.isEmpty()) {
          throw new ConfigException(name + " has an empty entry at position " + (i + 1)
              + ": separate values with single commas");
        }
        entries.add(entry);
      }
      return entries;
    }
  }
}
