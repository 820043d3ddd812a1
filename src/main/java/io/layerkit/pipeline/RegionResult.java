package io.layerkit.pipeline;

/**
 * How one package ended in one region. Field names are the {@code --json} contract's.
 *
 * @param region the region
 * @param status created, unchanged, planned or failed
 * @param key the stored object's key there
 * @param layerVersionArn the layer version there, if any
 * @param error one line when failed
 * @param reason why it has this status
 */
public record RegionResult(
    String region,
    PackageStatus status,
    String key,
    String layerVersionArn,
    String error,
    String reason) {}
