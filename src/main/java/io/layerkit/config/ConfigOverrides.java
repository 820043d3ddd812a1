package io.layerkit.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings given on the command line or in the environment; each one, when present, wins over
 * {@code layerkit.yaml}. Flags win over the environment ({@link #over}).
 */
public record ConfigOverrides(
    Optional<String> source,
    Optional<String> ref,
    Optional<String> apiUrl,
    Optional<String> transport,
    Optional<String> gitUrl,
    Optional<String> tokenEnv,
    Optional<String> tokenParameter,
    Optional<String> tokenUsername,
    Optional<String> store,
    Optional<String> registry,
    Optional<String> region,
    Optional<String> profile,
    Optional<String> endpointUrl,
    Optional<String> roleArn,
    Optional<Boolean> publishLayer,
    List<String> share,
    Optional<Boolean> allowPublic,
    List<String> runtimes,
    List<String> architectures,
    Optional<String> license,
    Optional<String> timestamp,
    Optional<Integer> concurrency,
    Optional<String> out,
    Optional<Boolean> force) {

  public ConfigOverrides {
    share = List.copyOf(share);
    runtimes = List.copyOf(runtimes);
    architectures = List.copyOf(architectures);
  }

  public static ConfigOverrides none() {
    return new ConfigOverrides(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), List.of(), Optional.empty(), List.of(), List.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * The settings layerkit reads from the environment: {@code LAYERKIT_SOURCE}, {@code LAYERKIT_REF},
   * {@code LAYERKIT_STORE}, {@code LAYERKIT_REGISTRY}, {@code LAYERKIT_API_URL},
   * {@code LAYERKIT_CONCURRENCY}, {@code LAYERKIT_SHARE} (comma separated),
   * {@code LAYERKIT_TOKEN_PARAMETER}, {@code BITBUCKET_USERNAME}, {@code SOURCE_DATE_EPOCH}.
   * AWS settings ({@code AWS_REGION}, {@code AWS_PROFILE}, {@code AWS_ENDPOINT_URL}) are read
   * by the AWS SDK itself.
   */
  public static ConfigOverrides fromEnvironment(Map<String, String> env) {
    return new ConfigOverrides(
        get(env, "LAYERKIT_SOURCE"),
        get(env, "LAYERKIT_REF"),
        get(env, "LAYERKIT_API_URL"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        get(env, "LAYERKIT_TOKEN_PARAMETER"),
        get(env, "BITBUCKET_USERNAME"),
        get(env, "LAYERKIT_STORE"),
        get(env, "LAYERKIT_REGISTRY"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        get(env, "LAYERKIT_SHARE").map(ConfigOverrides::commaList).orElse(List.of()),
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty(),
        get(env, "SOURCE_DATE_EPOCH"),
        get(env, "LAYERKIT_CONCURRENCY").map(v -> parseCount("LAYERKIT_CONCURRENCY", v)),
        Optional.empty(),
        Optional.empty());
  }

  /** These overrides where present, else {@code lower}'s. */
  public ConfigOverrides over(ConfigOverrides lower) {
    return new ConfigOverrides(
        source.or(lower::source), ref.or(lower::ref), apiUrl.or(lower::apiUrl),
        transport.or(lower::transport), gitUrl.or(lower::gitUrl), tokenEnv.or(lower::tokenEnv),
        tokenParameter.or(lower::tokenParameter), tokenUsername.or(lower::tokenUsername),
        store.or(lower::store), registry.or(lower::registry), region.or(lower::region),
        profile.or(lower::profile), endpointUrl.or(lower::endpointUrl), roleArn.or(lower::roleArn),
        publishLayer.or(lower::publishLayer), share.isEmpty() ? lower.share : share,
        allowPublic.or(lower::allowPublic), runtimes.isEmpty() ? lower.runtimes : runtimes,
        architectures.isEmpty() ? lower.architectures : architectures, license.or(lower::license),
        timestamp.or(lower::timestamp), concurrency.or(lower::concurrency), out.or(lower::out),
        force.or(lower::force));
  }

  /** Splits {@code a, b,,c} into {@code [a, b, c]}. */
  public static List<String> commaList(String value) {
    List<String> items = new ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        items.add(item.strip());
      }
    }
    return List.copyOf(items);
  }

  private static Optional<String> get(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank()).map(String::strip);
  }

  private static int parseCount(String name, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new ConfigException(name + "=" + value + " is not a whole number");
    }
  }
}
