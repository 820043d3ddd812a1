package io.layerkit.store.s3;

import java.util.regex.Pattern;

/**
 * Where layer zips go in S3: {@code s3://BUCKET/PREFIX}. The prefix is empty or ends with
 * {@code /}, so keys read {@code <prefix><package>/<package>-<timestamp>.zip}.
 *
 * @param bucket the bucket name
 * @param prefix key prefix, {@code ""} or ending with {@code /}
 */
public record S3Location(String bucket, String prefix) {
  // S3's general purpose bucket naming rules: 3-63 chars, lowercase letters, digits, dots, hyphens
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public S3Location {
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IllegalArgumentException("store s3://" + bucket + "/: '" + bucket
          + "' is not a valid S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)");
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
  }

  /** Parses {@code s3://BUCKET}, {@code s3://BUCKET/} or {@code s3://BUCKET/PREFIX[/]}. */
  public static S3Location parse(String uri) {
    if (uri == null || !uri.startsWith("s3://")) {
      throw new IllegalArgumentException("store " + uri + " is not an s3:// URI: use s3://BUCKET/PREFIX");
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("store " + uri + " names no bucket: use s3://BUCKET/PREFIX");
    }
    if (prefix.startsWith("/") || prefix.contains("//")) {
      throw new IllegalArgumentException("store " + uri + " has an empty path segment in its prefix: remove the extra '/'");
    }
    return new S3Location(bucket, prefix);
  }

  /** The folder of a package's objects, e.g. {@code layers/requests/}. */
  public String packageFolder(String packageName) {
    return prefix + packageName + "/";
  }

  /** The full key of an object of a package. */
  public String keyFor(String packageName, String objectName) {
    return packageFolder(packageName) + objectName;
  }

  public String uriOf(String key) {
    return "s3://" + bucket + "/" + key;
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix;
  }
}
