package io.layerkit.pipeline;

import io.layerkit.source.RequestEstimate;
import java.util.List;

/**
 * One package's line in the report. Field names are the {@code --json} contract.
 *
 * @param packageName the package
 * @param path its folder in the source
 * @param status built, created, unchanged, planned or failed
 * @param sha256 zip SHA-256 (hex), when a zip exists
 * @param size zip size in bytes
 * @param files file and link entries
 * @param unzippedSize bytes once extracted
 * @param key stored object key (publish), or the zip's path (build)
 * @param layerVersionArn published layer version, if any
 * @param error one-line message when failed
 * @param failure the kind of failure, when failed
 * @param reason why it has this status (plan and unchanged): e.g. "content digest unchanged"
 * @param requests requests sent to a remote source for this package
 * @param warnings validation warnings
 * @param contentDigest the content digest
 * @param requestEstimate what listing and fetching the folder costs a remote that counts
 *     requests, once listed; {@code null} when it was not listed or requests cost nothing
 * @param regions how it ended in each region, when the run names regions
 * @param sbomKey the SBOM stored beside the zip, when there is one
 * @param provenanceKey the provenance stored beside the zip, when there is one
 * @param attestationKey the key that signed the provenance; {@code null} when it is unsigned
 */
public record PackageResult(
    String packageName,
    String path,
    PackageStatus status,
    String sha256,
    Long size,
    Integer files,
    Long unzippedSize,
    String key,
    String layerVersionArn,
    String error,
    FailureKind failure,
    String reason,
    long requests,
    List<String> warnings,
    String contentDigest,
    RequestEstimate requestEstimate,
    List<RegionResult> regions,
    String sbomKey,
    String provenanceKey,
    String attestationKey) {

  public PackageResult {
    warnings = List.copyOf(warnings);
    regions = List.copyOf(regions);
  }

  /** A result of a run that names no regions. */
  public PackageResult(String packageName, String path, PackageStatus status, String sha256,
      Long size, Integer files, Long unzippedSize, String key, String layerVersionArn,
      String error, FailureKind failure, String reason, long requests, List<String> warnings,
      String contentDigest) {
    this(packageName, path, status, sha256, size, files, unzippedSize, key, layerVersionArn,
        error, failure, reason, requests, warnings, contentDigest, null, List.of(), null, null, null);
  }

  public static PackageResult failed(String packageName, String path, FailureKind kind, String error,
      long requests, List<String> warnings) {
    return new PackageResult(packageName, path, PackageStatus.FAILED, null, null, null, null, null,
        null, error, kind, null, requests, warnings, null, null, List.of(), null, null, null);
  }
}
