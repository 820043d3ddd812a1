package io.layerkit.retention;

import java.time.Instant;

/**
 * One version of a layer as ListLayerVersions reports it.
 *
 * @param version the version number
 * @param arn the version's ARN
 * @param created when it was created
 * @param description its description (layerkit writes the package folder, commit and SHA-256)
 */
public record LayerVersionInfo(long version, String arn, Instant created, String description) {}
