package io.layerkit.publish;

/**
 * A published (or reused) layer version.
 *
 * @param layerVersionArn the version's ARN, which other accounts use
 * @param version the version number
 * @param reused true when an existing version with the same content was found instead
 */
public record PublishedLayer(String layerVersionArn, long version, boolean reused) {

  /** An existing version, known by its ARN, which ends in its number ({@code ...:layer:NAME:7}). */
  public static PublishedLayer existing(String layerVersionArn) {
    return new PublishedLayer(layerVersionArn,
        Long.parseLong(layerVersionArn.substring(layerVersionArn.lastIndexOf(':') + 1)), true);
  }
}
