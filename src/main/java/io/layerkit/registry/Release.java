package io.layerkit.registry;

import java.time.Instant;
import java.util.List;

/**
 * One recorded release of a package: what was stored, where it came from, what was published.
 *
 * @param packageName the package
 * @param name {@code <package>-<yyyyMMddHHmmss>}, the value the original function wrote to SSM
 * @param key the stored object's full key
 * @param location the stored object's location (s3:// or file: URI)
 * @param sha256 lowercase hex SHA-256 of the zip
 * @param contentDigest the content digest (sorted paths, modes, file SHA-256s)
 * @param size zip size in bytes
 * @param files file and link entries
 * @param unzippedSize bytes once extracted
 * @param commit the commit it was built from, or {@code null}
 * @param source the source's description
 * @param packagePath the folder inside the source
 * @param fingerprint the source's fingerprint of the folder (a Git tree id), or {@code null}
 * @param created when the release was made
 * @param layerVersionArn the published layer version, or {@code null}
 * @param publishedWith the settings it was published with, or {@code null} in a release
 *     recorded before layerkit kept them
 * @param objectVersion the stored object's version id, when the store keeps versions
 * @param sbomKey the SBOM stored beside the zip ({@code <key>.cdx.json}), or {@code null}
 * @param provenanceKey the provenance stored beside the zip ({@code <key>.intoto.jsonl}), or
 *     {@code null}
 * @param attestationKey the KMS key (ARN) that signed the provenance, or {@code null} (unsigned)
 * @param ref the ref asked for when the commit was resolved, or {@code null}
 * @param archiveTimestamp the time stamped on every zip entry, or {@code null}
 * @param signedKey the code-signed copy of the zip (AWS Signer) the layer was published from, or
 *     {@code null}
 * @param signedSha256 the signed copy's SHA-256; {@code sha256} stays the content's
 * @param signingProfileVersionArn the signing profile version that signed it
 * @param signingJobId the signing job that made it
 *
 * <p>Releases recorded before a field existed read it as {@code null}.
 */
public record Release(
    String packageName,
    String name,
    String key,
    String location,
    String sha256,
    String contentDigest,
    long size,
    int files,
    long unzippedSize,
    String commit,
    String source,
    String packagePath,
    String fingerprint,
    Instant created,
    String layerVersionArn,
    PublishedWith publishedWith,
    String objectVersion,
    String sbomKey,
    String provenanceKey,
    String attestationKey,
    String ref,
    Instant archiveTimestamp,
    String signedKey,
    String signedSha256,
    String signingProfileVersionArn,
    String signingJobId) {

  /** A release as layerkit recorded it before it kept publish settings, evidence, signatures. */
  public Release(String packageName, String name, String key, String location, String sha256,
      String contentDigest, long size, int files, long unzippedSize, String commit, String source,
      String packagePath, String fingerprint, Instant created, String layerVersionArn) {
    this(packageName, name, key, location, sha256, contentDigest, size, files, unzippedSize,
        commit, source, packagePath, fingerprint, created, layerVersionArn, null, null, null,
        null, null, null, null, null, null, null, null);
  }

  /** This release with other grants on the same layer version. */
  public Release withShare(List<String> share) {
    return new Release(packageName, name, key, location, sha256, contentDigest, size, files,
        unzippedSize, commit, source, packagePath, fingerprint, created, layerVersionArn,
        new PublishedWith(publishedWith.runtimes(), publishedWith.architectures(),
            publishedWith.license(), share, publishedWith.storage(), publishedWith.regions()),
        objectVersion, sbomKey, provenanceKey, attestationKey, ref, archiveTimestamp, signedKey,
        signedSha256, signingProfileVersionArn, signingJobId);
  }
}
