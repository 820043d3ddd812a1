package io.layerkit.registry.ssm;

import io.layerkit.registry.RegistryException;
import io.layerkit.rules.AwsRules;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a package's release lives in Parameter Store, and SSM's naming rules checked before any
 * write.
 *
 * <pre>
 * /PREFIX/&lt;package&gt;          String  &lt;package&gt;-&lt;yyyyMMddHHmmss&gt;  (the original function's value)
 * /PREFIX/&lt;package&gt;/release  String  the full release as JSON
 * /PREFIX/&lt;package&gt;/lease    String  the run publishing it now, while one does
 * </pre>
 *
 * The JSON sits one level below the name parameter, so {@code GetParametersByPath /PREFIX}
 * (non-recursive) lists exactly the name parameters that downstream automation reads, and the
 * recursive form lists both, told apart by depth.
 *
 * <p>The prefix is never the root: layerkit's parameters would sit among every other parameter
 * of the account, and a package named like one of them would overwrite it.
 *
 * @param prefix the hierarchy prefix, {@code /a/b} without a trailing slash
 */
public record ParameterLayout(String prefix) {
  static final String RELEASE_LEAF = "release";
  static final String LEASE_LEAF = "lease";
  /** SSM: 2048 characters include 1037 reserved for internal use. */
  static final int MAX_NAME_LENGTH = 1011;
  static final int MAX_LEVELS = AwsRules.MAX_SSM_LEVELS;
  /** Standard tier value limit. */
  static final int MAX_VALUE_BYTES = 4096;


  public ParameterLayout {
    checkSegments(prefix);
  }

  /** Parses {@code ssm:/PREFIX} (also {@code ssm:PREFIX}); a bad prefix is a {@link IllegalArgumentException}. */
  public static ParameterLayout parse(String uri) {
    if (uri == null || !uri.startsWith("ssm:")) {
      throw new IllegalArgumentException("registry " + uri + " is not an ssm: URI: use ssm:/PREFIX, e.g. ssm:/layers");
    }
    String path = uri.substring("ssm:".length());
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.isEmpty()) {
      throw new IllegalArgumentException("registry " + uri + " names the root of Parameter Store,"
          + " where layerkit's parameters would sit among every other parameter of the account:"
          + " give a prefix, e.g. ssm:/layerkit/layers");
    }
    try {
      return new ParameterLayout(path);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("registry " + uri + ": " + e.getMessage());
    }
  }

  /** The path {@code GetParametersByPath} starts from. */
  public String root() {
    return prefix;
  }

  /** {@code /PREFIX/<package>}: holds {@code <package>-<timestamp>}. */
  public String nameParameter(String packageName) {
    return prefix + "/" + packageName;
  }

  /** {@code /PREFIX/<package>/release}: holds the release JSON. */
  public String releaseParameter(String packageName) {
    return nameParameter(packageName) + "/" + RELEASE_LEAF;
  }

  /** {@code /PREFIX/<package>/lease}: which run publishes the package now ({@link SsmLeases}). */
  public String leaseParameter(String packageName) {
    return nameParameter(packageName) + "/" + LEASE_LEAF;
  }

  /** {@code /PREFIX/<package>/lease-takeover}: held while a run takes over an expired lease. */
  public String takeoverParameter(String packageName) {
    return leaseParameter(packageName) + "-takeover";
  }

  /** The package a name parameter belongs to, when {@code name} is one ({@code /PREFIX/<package>}). */
  public Optional<String> packageOfNameParameter(String name) {
    String start = prefix + "/";
    if (!name.startsWith(start)) {
      return Optional.empty();
    }
    String rest = name.substring(start.length());
    return rest.isEmpty() || rest.contains("/") ? Optional.empty() : Optional.of(rest);
  }

  /** Checks both parameter names of a package against SSM's rules. */
  public void checkPackage(String packageName) throws RegistryException {
    if (packageName == null || !AwsRules.SSM_SEGMENT.matcher(packageName).matches()) {
      throw new RegistryException("registry ssm:" + root() + ": package name '" + packageName
          + "' cannot be part of an SSM parameter name (only letters, digits, '_', '.', '-'): name the package in the config");
    }
    String longest = releaseParameter(packageName);
    if (longest.length() > MAX_NAME_LENGTH) {
      throw new RegistryException("registry ssm:" + root() + ": parameter name " + longest + " is longer than SSM's "
          + MAX_NAME_LENGTH + " characters: use a shorter prefix or package name");
    }
    if (levels(longest) > MAX_LEVELS) {
      throw new RegistryException("registry ssm:" + root() + ": parameter name " + longest + " has more than SSM's "
          + MAX_LEVELS + " hierarchy levels: use a shorter prefix");
    }
  }

  /** Checks a value against the standard tier's size limit. */
  static void checkValue(String parameter, String value) throws RegistryException {
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0) {
      throw new RegistryException("parameter " + parameter + ": SSM does not store empty values");
    }
    if (bytes > MAX_VALUE_BYTES) {
      throw new RegistryException("parameter " + parameter + ": value is " + bytes + " bytes, more than the "
          + MAX_VALUE_BYTES + " of a standard SSM parameter: shorten the source description or package path");
    }
  }

  private static int levels(String name) {
    return (int) name.chars().filter(c -> c == '/').count();
  }

  private static void checkSegments(String path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("the prefix is empty: give one, e.g. /layerkit/layers");
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("the prefix must start with '/'");
    }
    String[] segments = path.substring(1).split("/", -1);
    for (String segment : segments) {
      if (!AwsRules.SSM_SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException("prefix segment '" + segment
            + "' is not allowed in an SSM name (letters, digits, '_', '.', '-'; no empty segments)");
      }
    }
    if (AwsRules.isReservedBySsm(segments[0])) {
      throw new IllegalArgumentException("SSM reserves names starting with 'aws' or 'ssm': choose another prefix");
    }
    // the release parameter adds two levels below the prefix
    if (segments.length + 2 > MAX_LEVELS) {
      throw new IllegalArgumentException("the prefix has " + segments.length + " levels; SSM allows "
          + MAX_LEVELS + " including the two layerkit adds: use a shorter prefix");
    }
  }
}
