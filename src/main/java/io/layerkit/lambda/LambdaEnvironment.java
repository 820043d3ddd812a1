package io.layerkit.lambda;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.Rules;
import io.layerkit.config.Setting;
import io.layerkit.config.Variables;
import java.util.List;
import java.util.Map;

/**
 * The function's front door to the configuration: its environment variables, with the names the
 * original function used ({@code BITBUCKET_*}, {@code PACKAGE_PATHS}, {@code BUCKET_NAME}) plus
 * layerkit's own, turned into {@link ConfigOverrides} for the same resolver the command line uses
 * ({@link FunctionRuntime#config}). Every rule lives there; what is checked here is only what
 * this front door adds: which variables must be set, their syntax (booleans, comma lists), and
 * the parts the function joins into one URI (workspace and repository, bucket and prefix, the
 * parameter path), so that a message names the variable the user set.
 *
 * <p>The record keeps what only the function needs besides the configuration: the execution
 * ledger's bucket and prefix, the token parameter (to redact the token from failure messages),
 * and the repository to find a pipeline execution's commit for.
 *
 * <p>AWS endpoints are deliberately not read here: the SDK itself honours {@code AWS_REGION},
 * {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>} as long as no endpoint is forced
 * in code, which is what lets the same function run against emulators exactly as deployed.
 *
 * @param workspace Bitbucket workspace id
 * @param repository Bitbucket repository slug
 * @param branch the branch whose head is built when no event pins a commit
 * @param tokenParameter SSM SecureString holding the Bitbucket token
 * @param bucket S3 bucket for the zips and the execution ledger
 * @param bucketPrefix key prefix inside the bucket: empty or ending in {@code /}
 * @param overrides every variable as a setting under its own name, for the resolver
 */
public record LambdaEnvironment(
    String workspace,
    String repository,
    String branch,
    String tokenParameter,
    String bucket,
    String bucketPrefix,
    ConfigOverrides overrides) {

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
  public static final String LAYER_LICENSE = "LAYER_LICENSE";

  /** Every variable the function reads; the deployment template sets exactly these. */
  public static final List<String> VARIABLES = List.of(
      BITBUCKET_WORKSPACE, BITBUCKET_REPOSITORY, BITBUCKET_BRANCH, BITBUCKET_TOKEN_PARAMETER,
      BITBUCKET_USERNAME, BITBUCKET_API_URL, PACKAGE_PATHS, BUCKET_NAME, BUCKET_PREFIX,
      PARAMETER_PREFIX, PUBLISH_LAYERS, SHARE_WITH, ALLOW_PUBLIC_LAYERS, COMPATIBLE_RUNTIMES,
      COMPATIBLE_ARCHITECTURES, LAYER_LICENSE, FanOutRegions.REGIONS);

  /** The variables without which the function cannot run. */
  public static final List<String> REQUIRED = List.of(
      BITBUCKET_WORKSPACE, BITBUCKET_REPOSITORY, BITBUCKET_BRANCH, BITBUCKET_TOKEN_PARAMETER,
      PACKAGE_PATHS, BUCKET_NAME);

  public static final String DEFAULT_PARAMETER_PREFIX = "/layerkit";

  /**
   * Reads every variable this front door needs; the resolver checks the rest.
   *
   * @throws io.layerkit.config.ConfigException naming the first variable that is missing or
   *     malformed
   */
  public static LambdaEnvironment from(Map<String, String> env) {
    Variables read = new Variables(env);
    String workspace = Rules.bitbucketSlug(BITBUCKET_WORKSPACE,
        read.required(BITBUCKET_WORKSPACE, "the Bitbucket workspace id, e.g. my-team"));
    String repository = Rules.bitbucketSlug(BITBUCKET_REPOSITORY,
        read.required(BITBUCKET_REPOSITORY, "the repository slug, e.g. cfct-config"));
    String branch = Rules.ref(BITBUCKET_BRANCH,
        read.required(BITBUCKET_BRANCH, "the branch to build, e.g. main"));
    String tokenParameter = read.required(BITBUCKET_TOKEN_PARAMETER,
        "the name of the SSM SecureString parameter holding the Bitbucket token");
    List<String> packages = read.list(PACKAGE_PATHS);
    if (packages == null) {
      read.required(PACKAGE_PATHS, "comma-separated package folders (NAME=FOLDER to rename),"
          + " e.g. lambda/layers/requests,jq=lambda/layers/jq");
    }
    String bucket = Rules.bucket(BUCKET_NAME,
        read.required(BUCKET_NAME, "the S3 bucket that keeps the layer zips"));
    // a leading '/' is a habit from paths, not an empty first segment
    String bucketPrefix = Rules.keyPrefix(BUCKET_PREFIX,
        read.optional(BUCKET_PREFIX).orElse("").replaceAll("^/+", ""));
    String parameterPrefix = Rules.parameterPath(PARAMETER_PREFIX,
        read.optional(PARAMETER_PREFIX).orElse(DEFAULT_PARAMETER_PREFIX));

    ConfigOverrides overrides = ConfigOverrides.none()
        .with(Setting.SOURCE, BITBUCKET_WORKSPACE, "bitbucket://" + workspace + "/" + repository)
        .with(Setting.REF, BITBUCKET_BRANCH, branch)
        .with(Setting.TOKEN_PARAMETER, BITBUCKET_TOKEN_PARAMETER, tokenParameter)
        .with(Setting.TOKEN_USERNAME, BITBUCKET_USERNAME, read.get(BITBUCKET_USERNAME))
        .with(Setting.API_URL, BITBUCKET_API_URL, read.get(BITBUCKET_API_URL))
        .with(Setting.PACKAGES, PACKAGE_PATHS, packages)
        .with(Setting.STORE, BUCKET_NAME, "s3://" + bucket + "/" + bucketPrefix)
        .with(Setting.REGISTRY, PARAMETER_PREFIX, "ssm:" + parameterPrefix)
        .with(Setting.PUBLISH_LAYER, PUBLISH_LAYERS, read.bool(PUBLISH_LAYERS))
        .with(Setting.SHARE, SHARE_WITH, read.list(SHARE_WITH))
        .with(Setting.ALLOW_PUBLIC, ALLOW_PUBLIC_LAYERS, read.bool(ALLOW_PUBLIC_LAYERS))
        .with(Setting.RUNTIMES, COMPATIBLE_RUNTIMES, read.list(COMPATIBLE_RUNTIMES))
        .with(Setting.ARCHITECTURES, COMPATIBLE_ARCHITECTURES, read.list(COMPATIBLE_ARCHITECTURES))
        .with(Setting.LICENSE, LAYER_LICENSE, read.get(LAYER_LICENSE));
    return new LambdaEnvironment(workspace, repository, branch, tokenParameter, bucket,
        bucketPrefix, overrides);
  }
}
