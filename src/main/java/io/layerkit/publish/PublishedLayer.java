package io.layerkit.publish;

/**
 * A published (or reused) layer version.
 *
 * @param layerVersionArn the version's ARN, which other accounts use
 * @param version the version number
 * @param reused true when an existing version with the same content was found instead
 */
public record PublishedLayer(String layerVersionArn, long version, boolean reused) {}
