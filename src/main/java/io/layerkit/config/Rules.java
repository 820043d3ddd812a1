package io.layerkit.config;

import io.layerkit.rules.AwsRules;
import io.layerkit.tree.PathRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every rule a configured value must meet, each written once and used by both front doors. A
 * value that breaks one is a {@link ConfigException} of one line: the name the value was given
 * under, the value (escaped, shortened) and what to do, so that the command line and the function
 * say the same thing about the same mistake ({@code --arch 'amd64' is not ...},
 * {@code COMPATIBLE_ARCHITECTURES 'amd64' is not ...}).
 */
public final class Rules {
  private static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern SSM_PARAMETER = Pattern.compile(
      "(arn:aws[a-z-]*:ssm:[a-z0-9-]+:\\d{12}:parameter/)?[A-Za-z0-9_./-]{1,1011}");
  private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
  /** Why a token setting's refused value is never repeated: it may be the token itself. */
  private static final String NOT_SHOWN = " (the value is not shown: it may be the token itself)";
  private static final Pattern BITBUCKET_SLUG = Pattern.compile("[A-Za-z0-9._-]{1,100}|\\{[0-9a-fA-F-]+\\}");
  /** An AWS region name such as {@code eu-west-1} or {@code us-gov-west-1}. */
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  /** Where a store URI names each region's own bucket or prefix. */
  public static final String REGION_PLACEHOLDER = "{region}";
  private static final String KMS_KEY_ID = "(mrk-[0-9a-f]{32}|[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}"
      + "-[0-9a-fA-F]{12})";
  private static final String KMS_ALIAS = "alias/(?!aws/)[A-Za-z0-9/_-]{1,250}";
  private static final Pattern KMS_KEY = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:"
      + "(key/" + KMS_KEY_ID + "|" + KMS_ALIAS + ")|" + KMS_ALIAS + "|" + KMS_KEY_ID);
  private static final Pattern SIGNING_PROFILE = Pattern.compile("[A-Za-z0-9_]{2,64}");
  private static final int MAX_REF_LENGTH = 255;
  private static final int SHOWN_LENGTH = 80;

  private Rules() {}

  /** A package name: a file name, an S3 key segment and an SSM name segment at once. */
  public static String packageName(String name, String entry, String packageName) {
    if (!PACKAGE_NAME.matcher(packageName).matches()) {
      throw refuse(name, entry, "gives the package name '" + shown(packageName) + "', which is not"
          + " usable as a file, S3 key and SSM name (letters, digits, '.', '_' and '-', at most"
          + " 128): " + renameHint(packageName, entry));
    }
    return packageName;
  }

  /** When publishing, a package's name is its Lambda layer's name. */
  public static String layerName(String name, String entry, String packageName) {
    if (!AwsRules.LAYER_NAME.matcher(packageName).matches()) {
      throw refuse(name, entry, "gives the package name '" + shown(packageName) + "', which Lambda"
          + " does not accept as a layer name (letters, digits, '-' and '_', at most 64): "
          + renameHint(packageName, entry));
    }
    return packageName;
  }

  private static String renameHint(String packageName, String entry) {
    String folder = entry.contains("=") ? entry.substring(entry.indexOf('=') + 1) : entry;
    String suggestion = packageName.replaceAll("[^A-Za-z0-9_-]", "-");
    if (suggestion.length() > 64) {
      suggestion = suggestion.substring(0, 64);
    }
    return "rename it as NAME=FOLDER (e.g. " + shown(suggestion.isEmpty() ? "my-layer" : suggestion)
        + "=" + shown(folder) + ") or with name: in layerkit.yaml";
  }

  /** Accounts, organizations or {@code *}, without repeats. */
  public static List<String> sharePrincipals(String name, List<String> principals) {
    for (String principal : principals) {
      if (!AwsRules.isSharePrincipal(principal)) {
        throw refuse(name, principal,
            "is neither a 12-digit account id, an organization id (o-...) nor '*'");
      }
    }
    return List.copyOf(new LinkedHashSet<>(principals));
  }

  /** {@code *} lets every AWS account use the layer: one setting alone never does that. */
  public static void publicShareConfirmed(String shareName, List<String> principals,
      boolean allowPublic, String allowPublicName) {
    if (principals.contains(AwsRules.EVERY_ACCOUNT) && !allowPublic) {
      throw new ConfigException(shareName + " contains '*', which lets every AWS account use the"
          + " layers: turn on " + allowPublicName + " to confirm, or share with account or"
          + " organization ids");
    }
  }

  /** Sharing grants apply to layer versions, so they need publishing. */
  public static void shareNeedsPublish(String shareName, boolean sharing, boolean publish,
      String publishName) {
    if (sharing && !publish) {
      throw new ConfigException(shareName + " is set but " + publishName + " is not: sharing"
          + " applies to published layer versions; turn on " + publishName + " or clear "
          + shareName);
    }
  }

  public static List<String> architectures(String name, List<String> architectures) {
    for (String architecture : architectures) {
      if (!AwsRules.ARCHITECTURES.contains(architecture)) {
        throw refuse(name, architecture,
            "is not an architecture Lambda knows: use x86_64 and/or arm64");
      }
    }
    return List.copyOf(new LinkedHashSet<>(architectures));
  }

  public static List<String> runtimes(String name, List<String> runtimes) {
    for (String runtime : runtimes) {
      if (!AwsRules.RUNTIME.matcher(runtime).matches()) {
        throw refuse(name, runtime, "is not a Lambda runtime identifier such as python3.12,"
            + " nodejs20.x or provided.al2023");
      }
    }
    if (runtimes.size() > AwsRules.MAX_RUNTIMES) {
      throw new ConfigException(name + " lists " + runtimes.size() + " runtimes; a layer version"
          + " allows at most " + AwsRules.MAX_RUNTIMES);
    }
    return List.copyOf(runtimes);
  }

  public static String license(String name, String license) {
    if (license.length() > AwsRules.MAX_LICENSE) {
      throw new ConfigException(name + " is " + license.length() + " characters long; Lambda"
          + " allows at most " + AwsRules.MAX_LICENSE + ": use an SPDX id or a URL");
    }
    return license;
  }

  /** Region names, each once; the first is the home region. */
  public static List<String> regions(String name, List<String> regions) {
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    for (String region : regions) {
      if (!REGION.matcher(region).matches()) {
        throw refuse(name, region, "is not an AWS region name such as eu-west-1");
      }
      if (!seen.add(region)) {
        throw refuse(name, region, "is given twice: name each region once");
      }
    }
    return List.copyOf(seen);
  }

  /** {@code copy} or {@code reference}, as Lambda's S3ObjectStorageMode has them. */
  public static String storage(String name, String storage) {
    String mode = storage.strip().toLowerCase(Locale.ROOT);
    if (!mode.equals("copy") && !mode.equals("reference")) {
      throw refuse(name, storage, "is not a storage mode: use copy (Lambda keeps its own copy)"
          + " or reference (Lambda reads the object version in the bucket)");
    }
    return mode;
  }

  /**
   * PublishLayerVersion reads only from a bucket in its own region, so several regions need one
   * bucket each: an s3:// store names them with {@code {region}}.
   */
  public static void storeServesRegions(String storeName, String store, String regionsName,
      List<String> regions) {
    if (regions.size() > 1 && store.startsWith("s3://") && !store.contains(REGION_PLACEHOLDER)) {
      throw new ConfigException(storeName + " " + shown(store) + " names one bucket but "
          + regionsName + " names " + regions.size() + " regions, and Lambda reads a layer only"
          + " from a bucket in its own region: put {region} in the bucket name, e.g."
          + " s3://acme-layers-{region}/layers/");
    }
  }

  /** A layer version references its code only in a versioned S3 bucket, never in a folder. */
  public static void storageFitsStore(String storageName, String storage, String storeName,
      String store) {
    if (storage.equals("reference") && !store.startsWith("s3://")) {
      throw new ConfigException(storageName + " reference needs an s3:// store in a versioned"
          + " bucket, which Lambda reads the layer from, but " + storeName + " is "
          + shown(store) + ": use --storage copy or an s3:// store");
    }
  }

  /** A release is recorded in each region's Parameter Store, which a local file cannot be. */
  public static void registryServesRegions(String registryName, String registry,
      String regionsName, List<String> regions) {
    if (regions.size() > 1 && !registry.startsWith("ssm:")) {
      throw new ConfigException(regionsName + " names " + regions.size() + " regions but "
          + registryName + " " + shown(registry) + " is one file: each region's release is"
          + " recorded in that region's Parameter Store; use ssm:/PREFIX");
    }
  }

  public static String bucket(String name, String bucket) {
    // {region} stands for a region name, which is itself valid in a bucket name
    String named = bucket.replace(REGION_PLACEHOLDER, "us-east-1");
    if (!AwsRules.S3_BUCKET.matcher(named).matches() || named.contains("..")) {
      throw refuse(name, bucket, "is not a valid S3 bucket name: use 3-63 lower-case letters,"
          + " digits, '.' and '-'");
    }
    return bucket;
  }

  /** A key prefix inside a bucket: empty, or '/'-separated names; given back ending in '/'. */
  public static String keyPrefix(String name, String prefix) {
    if (prefix.isEmpty()) {
      return "";
    }
    List<String> segments = List.of(prefix.split("/"));
    if (prefix.startsWith("/") || prefix.contains("//") || segments.contains("..")
        || segments.contains(".") || prefix.length() > AwsRules.MAX_KEY_PREFIX
        || prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
      throw refuse(name, prefix, "is not a usable key prefix: use '/'-separated names without"
          + " '.', '..', backslashes or empty segments, e.g. layers/");
    }
    return prefix.endsWith("/") ? prefix : prefix + "/";
  }

  /**
   * An SSM parameter path for the registry: {@code /a/b}, given back without a trailing slash.
   * Two levels are left for the package and its release. The root is refused: layerkit's
   * parameters would sit among every other parameter of the account, and a package named like
   * one of them would overwrite it.
   */
  public static String parameterPath(String name, String path) {
    String trimmed = path.replaceAll("/+$", "");
    if (trimmed.isEmpty()) {
      throw refuse(name, path, "names the root of Parameter Store, where layerkit's parameters"
          + " would sit among every other parameter of the account: give a prefix, e.g."
          + " /layerkit/layers");
    }
    List<String> segments = trimmed.startsWith("/")
        ? List.of(trimmed.substring(1).split("/", -1)) : List.of();
    if (segments.isEmpty() || segments.size() > AwsRules.MAX_SSM_LEVELS - 2
        || !segments.stream().allMatch(s -> AwsRules.SSM_SEGMENT.matcher(s).matches())) {
      throw refuse(name, path, "is not an SSM parameter path: start with '/', use letters,"
          + " digits, '.', '_', '-' in at most " + (AwsRules.MAX_SSM_LEVELS - 2) + " levels,"
          + " e.g. /layerkit");
    }
    if (AwsRules.isReservedBySsm(segments.get(0))) {
      throw refuse(name, path, "starts with a name SSM reserves ('aws' or 'ssm'): choose another"
          + " path, e.g. /layerkit");
    }
    return trimmed;
  }


  /**
   * A branch, tag or commit id as Git allows it in a ref name; {@code refs/heads/} is dropped,
   * so a branch can be given either way.
   */
  public static String ref(String name, String ref) {
    if (ref.length() > MAX_REF_LENGTH || ref.contains("..") || ref.startsWith("-")
        || ref.startsWith("/") || ref.endsWith("/") || ref.endsWith(".lock")
        || ref.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || "~^:?*[\\".indexOf(c) >= 0)) {
      throw refuse(name, ref, "is not a valid Git ref: give a branch, tag or commit id without"
          + " spaces, '..' or any of ~^:?*[\\, e.g. main");
    }
    return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
  }

  /**
   * An SSM parameter's name or ARN, e.g. {@code /layerkit/bitbucket-token}: the name of the
   * parameter holding the token, where the token itself is sometimes pasted, so a value that is
   * no name is refused without being repeated.
   */
  public static String parameterName(String name, String parameter) {
    if (!SSM_PARAMETER.matcher(parameter).matches()) {
      throw new ConfigException(name + " is not an SSM parameter name: give the name of the"
          + " parameter holding the token (letters, digits, '.', '_', '-' and '/'), e.g."
          + " /layerkit/bitbucket-token, never the token" + NOT_SHOWN);
    }
    return parameter;
  }

  /** The name of the variable holding the token, refused like {@link #parameterName}. */
  public static String environmentVariableName(String name, String variable) {
    if (!ENV_VAR.matcher(variable).matches()) {
      throw new ConfigException(name + " is not an environment variable name: give the name of"
          + " the variable holding the token (letters, digits and '_', not starting with a"
          + " digit), e.g. BITBUCKET_TOKEN, never the token" + NOT_SHOWN);
    }
    return variable;
  }

  /** A Bitbucket workspace id or repository slug. */
  public static String bitbucketSlug(String name, String slug) {
    if (!BITBUCKET_SLUG.matcher(slug).matches()) {
      throw refuse(name, slug, "is malformed: expected letters, digits, '.', '_' and '-'");
    }
    return slug;
  }

  /** The Git host's API: an http(s) URL with a host, and nothing that could carry a secret. */
  public static String apiUrl(String name, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getScheme() == null
        || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
        || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      String why = "must be an http(s) URL with a host and no user, query or fragment, e.g."
          + " https://api.bitbucket.org";
      // a user or password written into the URL is never repeated
      throw url.contains("@") ? new ConfigException(name + " " + why) : refuse(name, url, why);
    }
    return url;
  }

  public static boolean bool(String name, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw refuse(name, value, "is not a boolean: set it to true or false");
    };
  }

  public static int wholeNumber(String name, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw refuse(name, value, "is not a whole number");
    }
  }

  /** {@code a, b,c}: a comma-separated list; an empty entry is a mistake, not a blank to skip. */
  public static List<String> commaList(String name, String value) {
    List<String> entries = new ArrayList<>();
    String[] parts = value.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      String entry = parts[i].strip();
      if (entry.isEmpty()) {
        throw new ConfigException(name + " has an empty entry at position " + (i + 1)
            + ": separate values with single commas");
      }
      entries.add(entry);
    }
    return List.copyOf(entries);
  }

  /**
   * A KMS key as KMS Sign takes it: a key id ({@code 1234abcd-...}, {@code mrk-...}), a key ARN,
   * {@code alias/NAME} or an alias ARN.
   */
  public static String kmsKey(String name, String key) {
    String trimmed = key.strip();
    if (!KMS_KEY.matcher(trimmed).matches()) {
      throw refuse(name, key, "is not a KMS key: give a key id, key ARN, alias/NAME or alias ARN"
          + " of an asymmetric signing key (ECC_NIST_P256 or RSA), e.g."
          + " alias/layerkit-provenance");
    }
    return trimmed;
  }

  /** An AWS Signer profile name, as Signer names them. */
  public static String signingProfile(String name, String profile) {
    if (!SIGNING_PROFILE.matcher(profile).matches()) {
      throw refuse(name, profile, "is not a signing profile name: AWS Signer names profiles with"
          + " 2 to 64 letters, digits and underscores, e.g. layerkit_prod");
    }
    return profile;
  }

  /** AWS Signer reads one version of an S3 object and writes its signed copy to S3. */
  public static void signingStore(String profileName, String store, String storeName) {
    if (!store.startsWith("s3://")) {
      throw new ConfigException(profileName + " needs an S3 store: AWS Signer signs one version"
          + " of an object in a versioned bucket, but " + storeName + " is " + shown(store)
          + "; set " + storeName + " to s3://BUCKET/PREFIX of a bucket with versioning enabled");
    }
  }

  /** A refusal naming the setting and showing the value: {@code NAME 'value' why}. */
  static ConfigException refuse(String name, String value, String why) {
    return new ConfigException(name + " '" + shown(value) + "' " + why);
  }

  /** A value as it may appear in a one-line message: escaped and not too long. */
  public static String shown(String value) {
    String printable = PathRules.printable(value);
    return printable.length() > SHOWN_LENGTH
        ? printable.substring(0, SHOWN_LENGTH - 3) + "..." : printable;
  }
}
