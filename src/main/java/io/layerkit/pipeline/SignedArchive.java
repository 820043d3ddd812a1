package io.layerkit.pipeline;

import io.layerkit.store.StoredObject;

/**
 * The code-signed copy of a stored zip, which the layer version is published from.
 *
 * @param object the signed copy as the store serves it (its own SHA-256 and version)
 * @param jobId the signing job that made it
 * @param profileVersionArn the signing profile version: what a CodeSigningConfig allows
 */
record SignedArchive(StoredObject object, String jobId, String profileVersionArn) {}
