package io.layerkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The shape of {@code layerkit.yaml}, exactly as written: every field optional, unknown keys
 * rejected. {@link ConfigResolver} turns it into a {@link LayerkitConfig}.
 */
public record ConfigFile(
    String source,
    String ref,
    String apiUrl,
    String transport,
    String gitUrl,
    Token token,
    String store,
    String registry,
    Aws aws,
    Publish publish,
    Archive archive,
    Limits limits,
    String out,
    List<Package> packages,
    List<String> regions,
    Trust trust) {

  /** Where the Git host token comes from. */
  public record Token(String env, String parameter, String username) {}

  /** How to reach AWS. */
  public record Aws(String region, String profile, String endpointUrl, String roleArn) {}

  /** Layer publishing defaults for every package. */
  public record Publish(
      @JsonProperty("layer") Boolean layer,
      List<String> share,
      Boolean allowPublic,
      List<String> runtimes,
      List<String> architectures,
      String license,
      String storage) {}

  /** What signs each release's provenance and zip. */
  public record Trust(String attestationKey, String signingProfile) {}

  /** Archive settings. */
  public record Archive(String timestamp, Integer concurrency, Integer level) {}

  /** Lambda limits, in MiB. */
  public record Limits(Integer maxUnzippedMb, Integer maxDirectUploadMb) {}

  /** One package. */
  public record Package(
      String name,
      String path,
      List<String> runtimes,
      List<String> architectures,
      String license,
      List<String> share) {}

  public static ConfigFile empty() {
    return new ConfigFile(null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null);
  }
}
