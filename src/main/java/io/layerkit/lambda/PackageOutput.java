package io.layerkit.lambda;

/**
 * One package's values handed to later pipeline actions as output variables.
 *
 * @param packageName the package
 * @param status created, unchanged or failed
 * @param key the stored object's key, or {@code null}
 * @param sha256 the zip's SHA-256, or {@code null}
 * @param layerVersionArn the published layer version, or {@code null}
 */
public record PackageOutput(
    String packageName, String status, String key, String sha256, String layerVersionArn) {}
