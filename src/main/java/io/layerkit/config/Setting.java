package io.layerkit.config;

import java.util.List;

/**
 * One configurable setting, typed by its value. Front doors name each setting their own way
 * ({@code --share}, {@code LAYERKIT_SHARE}, {@code SHARE_WITH}); {@link #fileKey()} is its name
 * in {@code layerkit.yaml}, and what a message says when no front door named it.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {
  public static final Setting<String> SOURCE = new Setting<>("source");
  public static final Setting<String> REF = new Setting<>("ref");
  public static final Setting<String> API_URL = new Setting<>("apiUrl");
  public static final Setting<String> TRANSPORT = new Setting<>("transport");
  public static final Setting<String> GIT_URL = new Setting<>("gitUrl");
  public static final Setting<String> TOKEN_ENV = new Setting<>("token.env");
  public static final Setting<String> TOKEN_PARAMETER = new Setting<>("token.parameter");
  public static final Setting<String> TOKEN_USERNAME = new Setting<>("token.username");
  public static final Setting<String> STORE = new Setting<>("store");
  public static final Setting<String> REGISTRY = new Setting<>("registry");
  /** The regions to publish in, the home region first; {@code aws.region} in the file is one. */
  public static final Setting<List<String>> REGIONS = new Setting<>("regions");
  public static final Setting<String> PROFILE = new Setting<>("aws.profile");
  public static final Setting<String> ENDPOINT_URL = new Setting<>("aws.endpointUrl");
  public static final Setting<String> ROLE_ARN = new Setting<>("aws.roleArn");
  public static final Setting<Boolean> PUBLISH_LAYER = new Setting<>("publish.layer");
  public static final Setting<List<String>> SHARE = new Setting<>("publish.share");
  public static final Setting<Boolean> ALLOW_PUBLIC = new Setting<>("publish.allowPublic");
  public static final Setting<List<String>> RUNTIMES = new Setting<>("publish.runtimes");
  public static final Setting<List<String>> ARCHITECTURES = new Setting<>("publish.architectures");
  public static final Setting<String> LICENSE = new Setting<>("publish.license");
  /** {@code copy} (Lambda copies the zip) or {@code reference} (Lambda reads it in place). */
  public static final Setting<String> STORAGE = new Setting<>("publish.storage");
  public static final Setting<String> TIMESTAMP = new Setting<>("archive.timestamp");
  public static final Setting<Integer> CONCURRENCY = new Setting<>("archive.concurrency");
  public static final Setting<String> OUT = new Setting<>("out");
  public static final Setting<Boolean> FORCE = new Setting<>("force");
  public static final Setting<String> ATTESTATION_KEY = new Setting<>("trust.attestationKey");
  public static final Setting<String> SIGNING_PROFILE = new Setting<>("trust.signingProfile");
  /** Package entries: a folder, a configured package's name, or {@code NAME=FOLDER}. */
  public static final Setting<List<String>> PACKAGES = new Setting<>("packages");

  private final String fileKey;

  private Setting(String fileKey) {
    this.fileKey = fileKey;
  }

  /** The key in {@code layerkit.yaml}, e.g. {@code publish.share}. */
  public String fileKey() {
    return fileKey;
  }

  @Override
  public String toString() {
    return fileKey;
  }
}
