package io.layerkit.publish.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.json.JsonMappers;
import io.layerkit.publish.LayerPublisher;
import io.layerkit.publish.LayerVersionRequest;
import io.layerkit.publish.PublishException;
import io.layerkit.publish.PublishedLayer;
import io.layerkit.publish.StorageMode;
import io.layerkit.rules.AwsRules;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LayerVersionContentInput;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.lambda.model.PublishLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResolvedS3Object;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.S3ObjectStorageMode;

/**
 * Publishes a stored zip as a Lambda layer version and shares it.
 *
 * <p>Re-runs change nothing: when the layer's latest version already has the zip's content
 * (CodeSha256, the base64 SHA-256 of the zip) and the same runtimes, architectures and license,
 * it is reused; grants use deterministic statement ids, and a statement that already exists
 * (read from the version's policy, or reported as ResourceConflictException) counts as granted.
 * Every new version is checked: when Lambda's CodeSha256 differs from the local digest the
 * version is deleted again, so no wrong version is left to be found and reused. Grants apply to
 * one version only, which is why each new version is shared again. Throttling is retried by the
 * client's retry strategy (see {@code AwsClients}).
 *
 * <p>Objects in S3 are named by bucket, key, and object version when the bucket keeps versions;
 * Lambda copies them, or, with {@link StorageMode#REFERENCE}, reads that object version in place
 * (S3ObjectStorageMode REFERENCE, which needs the version). The latest version is found on
 * every page of ListLayerVersions. A zip in a {@code file:} store is sent inline, which Lambda accepts up to 50 MiB.
 */
public final class LambdaLayerPublisher implements LayerPublisher {
  static final long MAX_INLINE_ZIP_BYTES = 50L * 1024 * 1024;

  private static final int MAX_DESCRIPTION = 256;
  private static final String ACTION = "lambda:GetLayerVersion";
  private static final ObjectMapper JSON = JsonMappers.plain();

  private final LambdaClient lambda;
  private final boolean allowPublic;

  /**
   * @param lambda the client to publish with (under the assumed role, when there is one)
   * @param allowPublic whether {@code *} may appear in a share list ({@code --allow-public})
   */
  public LambdaLayerPublisher(LambdaClient lambda, boolean allowPublic) {
    this.lambda = lambda;
    this.allowPublic = allowPublic;
  }

  @Override
  public PublishedLayer publish(LayerVersionRequest request) throws IOException {
    String layer = request.layerName();
    checkRequest(request);
    List<LayerGrant> grants = LayerGrant.parseAll(request.shareWith(), allowPublic);
    String expected = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(request.sha256()));

    Optional<GetLayerVersionResponse> latest = latestVersion(layer);
    if (latest.isPresent() && sameVersion(latest.get(), request, expected)) {
      PublishedLayer reused =
          new PublishedLayer(latest.get().layerVersionArn(), latest.get().version(), true);
      grantMissing(layer, reused.version(), grants, statementIds(layer, reused.version()));
      return reused;
    }
    PublishedLayer published = publishNew(request, expected);
    grantMissing(layer, published.version(), grants, Set.of());
    return published;
  }

  @Override
  public Optional<PublishedLayer> find(String layerVersionArn) throws IOException {
    try {
      PublishedLayer recorded = PublishedLayer.existing(layerVersionArn);
      // GetLayerVersion by name and number: the same call and permission as every other read
      String layer = layerVersionArn.substring(layerVersionArn.indexOf(":layer:") + ":layer:".length(),
          layerVersionArn.lastIndexOf(':'));
      lambda.getLayerVersion(b -> b.layerName(layer).versionNumber(recorded.version()));
      return Optional.of(recorded);
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (LambdaException e) {
      throw new PublishException("cannot read " + layerVersionArn + ": " + reason(e), e);
    } catch (SdkClientException e) {
      throw new PublishException("cannot reach Lambda: " + e.getMessage(), e);
    }
  }

  @Override
  public void share(String layerName, PublishedLayer version, List<String> shareWith)
      throws IOException {
    List<LayerGrant> grants = LayerGrant.parseAll(shareWith, allowPublic);
    grantMissing(layerName, version.version(), grants,
        statementIds(layerName, version.version()));
  }

  private void grantMissing(String layer, long version, List<LayerGrant> grants,
      Set<String> granted) throws PublishException {
    for (LayerGrant grant : grants) {
      if (!granted.contains(grant.statementId())) {
        grant(layer, version, grant);
      }
    }
  }

  private PublishedLayer publishNew(LayerVersionRequest request, String expected) throws IOException {
    String layer = request.layerName();
    PublishLayerVersionResponse response;
    try {
      LayerVersionContentInput content = content(request.object(), layer, request.storage());
      response = lambda.publishLayerVersion(b -> b
          .layerName(layer)
          .content(content)
          .description(truncate(request.description(), MAX_DESCRIPTION))
          .compatibleRuntimesWithStrings(request.runtimes())
          .compatibleArchitecturesWithStrings(request.architectures())
          .licenseInfo(request.license()));
    } catch (LambdaException e) {
      throw new PublishException("layer " + layer + ": Lambda refused PublishLayerVersion from "
          + request.object().location() + ": " + reason(e), e);
    } catch (SdkClientException e) {
      throw new PublishException("layer " + layer + ": cannot reach Lambda: " + e.getMessage(), e);
    }
    String reported = response.content() == null ? null : response.content().codeSha256();
    if (!expected.equals(reported)) {
      throw new PublishException("layer " + layer + " version " + response.version() + ": Lambda reports CodeSha256 "
          + (reported == null || reported.isEmpty() ? "(none)" : reported) + " but the zip's is " + expected
          + ": the stored object " + request.object().location() + " is not the zip that was built; "
          + delete(layer, response.version()));
    }
    return new PublishedLayer(response.layerVersionArn(), response.version(), false);
  }

  private LayerVersionContentInput content(StoredObject object, String layer, StorageMode storage)
      throws IOException {
    String location = object.location();
    if (location.startsWith("s3://")) {
      String bucket = location.substring("s3://".length(), location.indexOf('/', "s3://".length()));
      LayerVersionContentInput.Builder content = LayerVersionContentInput.builder()
          .s3Bucket(bucket)
          .s3Key(object.key())
          .s3ObjectVersion(object.versionId().orElse(null));
      if (storage == StorageMode.REFERENCE) {
        // Lambda keeps reading this very object version, so it must be named
        content.s3ObjectVersion(object.versionId().orElseThrow(() -> new PublishException(
                "layer " + layer + ": " + location + " has no object version, which --storage"
                    + " reference needs: enable versioning on bucket " + bucket)))
            .s3ObjectStorageMode(S3ObjectStorageMode.REFERENCE);
      }
      return content.build();
    }
    if (storage == StorageMode.REFERENCE) {
      throw new PublishException("layer " + layer + ": --storage reference needs an s3:// store"
          + " in a versioned bucket, not " + location);
    }
    if (location.startsWith("file:")) {
      Path zip = Path.of(URI.create(location));
      long size = Files.size(zip);
      if (size > MAX_INLINE_ZIP_BYTES) {
        throw new PublishException("layer " + layer + ": " + zip + " is " + size
            + " bytes; Lambda takes at most 50 MiB inline: use an s3:// store to publish it");
      }
      // Lambda takes an inline zip only as bytes in the request body: bounded by the 50 MiB above
      return LayerVersionContentInput.builder().zipFile(SdkBytes.fromByteArray(Files.readAllBytes(zip))).build();
    }
    throw new PublishException("layer " + layer + ": cannot publish from " + location
        + ": only s3:// and file: stores can be published");
  }

  /** The layer's newest version with its content, or empty when the layer has none. */
  private Optional<GetLayerVersionResponse> latestVersion(String layer) throws PublishException {
    try {
      // every page: Lambda lists 50 versions a page and promises no order across them
      Optional<Long> newest = lambda.listLayerVersionsPaginator(b -> b.layerName(layer))
          .layerVersions().stream()
          .map(LayerVersionsListItem::version)
          .max(Long::compare);
      if (newest.isEmpty()) {
        return Optional.empty();
      }
      // list items carry no content digest: read the version itself
      return Optional.of(lambda.getLayerVersion(b -> b.layerName(layer).versionNumber(newest.get())));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (LambdaException e) {
      throw new PublishException("layer " + layer + ": cannot read its versions: " + reason(e), e);
    } catch (SdkClientException e) {
      throw new PublishException("layer " + layer + ": cannot reach Lambda: " + e.getMessage(), e);
    }
  }

  private static boolean sameVersion(GetLayerVersionResponse version, LayerVersionRequest request, String expected) {
    return version.content() != null
        && expected.equals(version.content().codeSha256())
        && sameStorage(version.content().resolvedS3Object(), request)
        && Set.copyOf(version.compatibleRuntimesAsStrings()).equals(Set.copyOf(request.runtimes()))
        && Set.copyOf(version.compatibleArchitecturesAsStrings()).equals(Set.copyOf(request.architectures()))
        && Objects.equals(emptyToNull(version.licenseInfo()), emptyToNull(request.license()));
  }

  /**
   * A version that references its code in place names the object version it reads
   * (ResolvedS3Object); a copied one does not. A referencing version is reused only for the
   * very object version the request names, which is then known to exist.
   */
  private static boolean sameStorage(ResolvedS3Object resolved, LayerVersionRequest request) {
    if (request.storage() == StorageMode.COPY) {
      return resolved == null;
    }
    return resolved != null && request.object().versionId().isPresent()
        && request.object().versionId().get().equals(resolved.s3ObjectVersion());
  }

  /** Statement ids already in a version's policy; none when it has no policy. */
  private Set<String> statementIds(String layer, long version) throws PublishException {
    String policy;
    try {
      policy = lambda.getLayerVersionPolicy(b -> b.layerName(layer).versionNumber(version)).policy();
    } catch (ResourceNotFoundException e) {
      return Set.of();
    } catch (LambdaException e) {
      throw new PublishException("layer " + layer + " version " + version + ": cannot read its policy: " + reason(e), e);
    } catch (SdkClientException e) {
      throw new PublishException("layer " + layer + ": cannot reach Lambda: " + e.getMessage(), e);
    }
    Set<String> ids = new HashSet<>();
    try {
      for (JsonNode statement : JSON.readTree(policy).path("Statement")) {
        if (statement.hasNonNull("Sid")) {
          ids.add(statement.get("Sid").asText());
        }
      }
    } catch (IOException e) {
      // an unreadable policy only costs extra AddLayerVersionPermission calls, which are idempotent
      return Set.of();
    }
    return ids;
  }

  private void grant(String layer, long version, LayerGrant grant) throws PublishException {
    try {
      lambda.addLayerVersionPermission(b -> b
          .layerName(layer)
          .versionNumber(version)
          .statementId(grant.statementId())
          .action(ACTION)
          .principal(grant.principal())
          .organizationId(grant.organizationId().orElse(null)));
    } catch (ResourceConflictException alreadyThere) {
      // the statement id is derived from the target, so an existing one is this very grant
    } catch (LambdaException e) {
      throw new PublishException("layer " + layer + " version " + version + ": cannot share with " + grant.target()
          + ": " + reason(e) + hint(e), e);
    } catch (SdkClientException e) {
      throw new PublishException("layer " + layer + ": cannot reach Lambda: " + e.getMessage(), e);
    }
  }

  private String delete(String layer, long version) {
    try {
      lambda.deleteLayerVersion(b -> b.layerName(layer).versionNumber(version));
      return "the version was deleted";
    } catch (LambdaException | SdkClientException e) {
      return "deleting the version failed (" + e.getMessage() + "): delete version " + version + " by hand";
    }
  }

  private static void checkRequest(LayerVersionRequest request) throws PublishException {
    String layer = request.layerName();
    if (layer == null || !AwsRules.LAYER_NAME.matcher(layer).matches()) {
      throw new PublishException("layer name '" + layer + "' is not valid for Lambda (1-64"
          + " letters, digits, '-' or '_'): name the package in the config");
    }
    if (request.sha256() == null || !request.sha256().matches("[0-9a-f]{64}")) {
      throw new PublishException("layer " + layer + ": '" + request.sha256() + "' is not a lowercase hex SHA-256");
    }
    if (request.runtimes().size() > AwsRules.MAX_RUNTIMES) {
      throw new PublishException("layer " + layer + ": " + request.runtimes().size()
          + " compatible runtimes, Lambda allows at most " + AwsRules.MAX_RUNTIMES + ": list fewer --runtime values");
    }
    for (String architecture : request.architectures()) {
      if (!AwsRules.ARCHITECTURES.contains(architecture)) {
        throw new PublishException("layer " + layer + ": architecture '" + architecture
            + "' is not one of Lambda's: x86_64, arm64");
      }
    }
    if (request.license() != null && request.license().length() > AwsRules.MAX_LICENSE) {
      throw new PublishException("layer " + layer + ": the license is longer than Lambda's " + AwsRules.MAX_LICENSE
          + " characters: use an SPDX id or a URL");
    }
  }

  private static String reason(LambdaException e) {
    if (e.awsErrorDetails() == null) {
      return e.getMessage();
    }
    String message = e.awsErrorDetails().errorMessage();
    return (message == null || message.isBlank() ? "HTTP " + e.statusCode() : message)
        + " (" + e.awsErrorDetails().errorCode() + ")";
  }

  private static String hint(LambdaException e) {
    String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    return "PolicyLengthExceededException".equals(code)
        ? ": the layer version's policy is full; share with the organization (o-...) instead of many accounts"
        : "";
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }

  private static String emptyToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
