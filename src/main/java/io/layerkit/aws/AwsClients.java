package io.layerkit.aws;

import io.layerkit.config.AwsSettings;
import io.layerkit.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Creates each AWS SDK client once, on first use, from {@link AwsSettings}, and closes them all.
 *
 * <ul>
 *   <li>Credentials: the SDK's default chain, or the named {@code --profile}.
 *   <li>Region: the first {@code --region} (the home region), else the SDK's region chain (honouring the profile); when nothing
 *       names a region but an endpoint is set (an emulator or S3-compatible store), {@code us-east-1}.
 *   <li>Endpoint: {@code --endpoint-url} overrides every service, and S3 then uses path-style
 *       addressing. Without it nothing is overridden, so the SDK's own {@code AWS_ENDPOINT_URL} and
 *       {@code AWS_ENDPOINT_URL_<SERVICE>} settings keep working (S3 is path-style then too).
 *   <li>HTTP: one shared URL-connection client (the only one in the jar: no Netty, Apache or CRT).
 *   <li>{@code --role-arn}: the Lambda client (publishing) runs under that role, assumed through STS
 *       with the base credentials; the other clients keep the base credentials.
 *   <li>Other regions: {@link #inRegion} gives each region's clients, on the same credentials
 *       and HTTP client.
 * </ul>
 *
 * <p>Lambda's control plane allows about 15 requests per second and Parameter Store throttles at
 * its standard throughput, so the Lambda and SSM clients use the SDK's adaptive retry strategy
 * (client-side rate limiting once throttled) with more attempts: throttling slows a run down
 * instead of failing it.
 */
public final class AwsClients implements AutoCloseable {
  /** Region used only when an endpoint is set and no region is configured anywhere. */
  static final Region EMULATOR_REGION = Region.US_EAST_1;

  private static final int THROTTLED_MAX_ATTEMPTS = 8;
  private static final String ROLE_SESSION_NAME = "layerkit";

  private final AwsSettings settings;
  private final AwsCredentialsProvider credentials;
  private final boolean ownsCredentials;
  private final SdkHttpClient http;
  private final boolean ownsHttp;
  private final List<SdkAutoCloseable> opened = new ArrayList<>();
  private final Map<Region, AwsClients> regional = new LinkedHashMap<>();

  private Region region;
  private S3Client s3;
  private SsmClient ssm;
  private LambdaClient lambda;
  private StsClient sts;
  private CodePipelineClient codePipeline;
  private KmsClient kms;
  private SignerClient signer;
  private ConfigClient config;

  private AwsClients(AwsSettings settings, AwsCredentialsProvider credentials, boolean ownsCredentials) {
    this(settings, credentials, ownsCredentials, UrlConnectionHttpClient.builder().build(), true);
  }

  private AwsClients(AwsSettings settings, AwsCredentialsProvider credentials,
      boolean ownsCredentials, SdkHttpClient http, boolean ownsHttp) {
    this.settings = settings;
    this.credentials = credentials;
    this.ownsCredentials = ownsCredentials;
    this.http = http;
    this.ownsHttp = ownsHttp;
    settings.endpointUrl().ifPresent(AwsClients::endpointUri);
  }

  /** Clients with the default credential chain, or the settings' profile. */
  public static AwsClients create(AwsSettings settings) {
    AwsCredentialsProvider credentials = settings.profile()
        .<AwsCredentialsProvider>map(profile -> ProfileCredentialsProvider.builder().profileName(profile).build())
        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    return new AwsClients(settings, credentials, true);
  }

  /** Clients with the given base credentials (which the caller keeps and closes). */
  public static AwsClients create(AwsSettings settings, AwsCredentialsProvider credentials) {
    return new AwsClients(settings, credentials, false);
  }

  public synchronized Region region() {
    if (region == null) {
      region = resolveRegion(settings.region(), this::regionFromChain, endpointConfigured());
    }
    return region;
  }

  /**
   * The clients of the region {@code resource} names when it is an ARN (KMS, for one, works only
   * in its key's region), else these: a key id or alias is this region's.
   */
  public AwsClients inRegionOf(String resource) {
    return Arn.tryFromString(resource).flatMap(Arn::region).map(this::inRegion).orElse(this);
  }

  /**
   * The clients of one region (a layer, its bucket and its release live in one region), made
   * once and closed with these; they share the credentials and the HTTP client. The home region
   * is these clients themselves.
   */
  public synchronized AwsClients inRegion(String regionName) {
    Region wanted = Region.of(regionName);
    if (wanted.equals(region())) {
      return this;
    }
    return regional.computeIfAbsent(wanted, r -> new AwsClients(
        new AwsSettings(List.of(r.id()), settings.profile(), settings.endpointUrl(),
            settings.roleArn()),
        credentials, false, http, false));
  }

  public synchronized S3Client s3() {
    if (s3 == null) {
      s3 = opened(configure(S3Client.builder(), credentials)
          .forcePathStyle(endpointConfigured() || endpointFromEnvironment("S3"))
          .build());
    }
    return s3;
  }

  public synchronized SsmClient ssm() {
    if (ssm == null) {
      ssm = opened(configure(SsmClient.builder(), credentials)
          .overrideConfiguration(o -> o.retryStrategy(throttledControlPlane()))
          .build());
    }
    return ssm;
  }

  /** The Lambda client, under the assumed role when the settings name one. */
  public synchronized LambdaClient lambda() {
    if (lambda == null) {
      AwsCredentialsProvider publishing = settings.roleArn()
          .<AwsCredentialsProvider>map(this::assumeRole)
          .orElse(credentials);
      lambda = opened(configure(LambdaClient.builder(), publishing)
          .overrideConfiguration(o -> o.retryStrategy(throttledControlPlane()))
          .build());
    }
    return lambda;
  }

  public synchronized StsClient sts() {
    if (sts == null) {
      sts = opened(configure(StsClient.builder(), credentials).build());
    }
    return sts;
  }

  public synchronized CodePipelineClient codePipeline() {
    if (codePipeline == null) {
      codePipeline = opened(configure(CodePipelineClient.builder(), credentials).build());
    }
    return codePipeline;
  }

  /** KMS, for signing and verifying provenance. */
  public synchronized KmsClient kms() {
    if (kms == null) {
      kms = opened(configure(KmsClient.builder(), credentials).build());
    }
    return kms;
  }

  /** AWS Signer, for code-signing layer zips in this client's region. */
  public synchronized SignerClient signer() {
    if (signer == null) {
      signer = opened(configure(SignerClient.builder(), credentials).build());
    }
    return signer;
  }

  /** AWS Config, for retention's aggregator query (in the aggregator's region). */
  public synchronized ConfigClient config() {
    if (config == null) {
      config = opened(configure(ConfigClient.builder(), credentials).build());
    }
    return config;
  }

  @Override
  public synchronized void close() {
    regional.values().forEach(AwsClients::close);
    regional.clear();
    // clients first (they may still use the role provider), then what they share
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
    s3 = null;
    ssm = null;
    lambda = null;
    sts = null;
    codePipeline = null;
    kms = null;
    signer = null;
    config = null;
    if (ownsCredentials && credentials instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
    if (ownsHttp) {
      http.close();
    }
  }

  private static RetryStrategy throttledControlPlane() {
    return AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(THROTTLED_MAX_ATTEMPTS).build();
  }

  private AwsCredentialsProvider assumeRole(String roleArn) {
    StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts())
        .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(ROLE_SESSION_NAME))
        .build();
    opened.add(provider);
    return provider;
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, AwsCredentialsProvider provider) {
    builder.credentialsProvider(provider).region(region());
    builder.httpClient(http);
    settings.endpointUrl().map(AwsClients::endpointUri).ifPresent(builder::endpointOverride);
    return builder;
  }

  private <C extends SdkAutoCloseable> C opened(C client) {
    opened.add(client);
    return client;
  }

  private boolean endpointConfigured() {
    return settings.endpointUrl().isPresent() || endpointFromEnvironment("");
  }

  private Optional<Region> regionFromChain() {
    DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
    settings.profile().ifPresent(chain::profileName);
    try {
      return Optional.of(chain.build().getRegion());
    } catch (SdkClientException none) {
      return Optional.empty();
    }
  }

  /**
   * The region to use: the explicit one, else the chain's, else (only with an endpoint set) the
   * emulator default. Without any, a configuration error saying how to name one.
   */
  static Region resolveRegion(Optional<String> explicit, Supplier<Optional<Region>> chain, boolean endpointSet) {
    if (explicit.isPresent() && !explicit.get().isBlank()) {
      return Region.of(explicit.get().trim());
    }
    Optional<Region> found = chain.get();
    if (found.isPresent()) {
      return found.get();
    }
    if (endpointSet) {
      return EMULATOR_REGION;
    }
    throw new ConfigException(
        "no AWS region configured: pass --region, set AWS_REGION, or set region in the AWS profile");
  }

  static URI endpointUri(String endpointUrl) {
    try {
      URI uri = new URI(endpointUrl.trim());
      if (uri.getScheme() == null || uri.getHost() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new ConfigException("--endpoint-url " + endpointUrl
            + " is not an http(s) URL: use e.g. http://127.0.0.1:5000 or https://s3.example.com");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException("--endpoint-url " + endpointUrl + " is not a valid URL: " + e.getReason());
    }
  }

  /**
   * Whether the SDK will take an endpoint from the environment or system properties
   * ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>}); empty {@code service} asks
   * about the global one.
   */
  private static boolean endpointFromEnvironment(String service) {
    List<String> names = new ArrayList<>(List.of("AWS_ENDPOINT_URL"));
    List<String> properties = new ArrayList<>(List.of("aws.endpointUrl"));
    if (!service.isEmpty()) {
      names.add("AWS_ENDPOINT_URL_" + service);
      properties.add("aws.endpointUrl" + service);
    }
    return names.stream().anyMatch(n -> notBlank(System.getenv(n)))
        || properties.stream().anyMatch(p -> notBlank(System.getProperty(p)));
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }
}
