package io.layerkit.store.s3;

import io.layerkit.digest.Sha256;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.ArtifactUpload;
import io.layerkit.store.StoreException;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keeps layer zips in S3 under {@code s3://BUCKET/PREFIX<package>/<package>-<timestamp>.zip}.
 *
 * <p>Each zip goes up in ONE PutObject: a multipart upload's checksum is a checksum of parts and
 * would no longer equal the CodeSha256 Lambda reports, and the plain {@link S3Client} never
 * splits a request (only the transfer manager or a multipart-enabled async client would). The
 * request carries the locally computed SHA-256 as the full-object checksum, so S3 rejects bytes
 * that do not match it (moto keeps the checksum only when the algorithm is named too, which real
 * S3 also accepts), and {@code If-None-Match: *}, so an existing object is never overwritten. A
 * HEAD with checksum mode then confirms size and checksum before the object is handed back; an
 * object that does not match is deleted, so nothing wrong is ever found and reused later.
 * (GetObjectAttributes is not used: the SDK cannot parse moto's dates in it.)
 */
public final class S3ArtifactStore implements ArtifactStore {
  /** How many of a package's newest objects {@link #findBySha256} inspects (one HEAD each). */
  static final int MAX_REUSE_CANDIDATES = 10;

  private static final int MAX_KEY_BYTES = 1024;
  private static final int MAX_METADATA_BYTES = 2048;
  private static final Pattern METADATA_KEY = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private final S3Client s3;
  private final S3Location location;
  private Boolean versioned;

  public S3ArtifactStore(S3Client s3, S3Location location) {
    this.s3 = s3;
    this.location = location;
  }

  /** A store for {@code s3://BUCKET/PREFIX}; a malformed URI is a {@link IllegalArgumentException}. */
  public static S3ArtifactStore forUri(S3Client s3, String uri) {
    return new S3ArtifactStore(s3, S3Location.parse(uri));
  }

  @Override
  public String describe() {
    return location.toString();
  }

  @Override
  public Optional<StoredObject> findBySha256(String packageName, String sha256) throws IOException {
    String expected = base64(sha256);
    List<String> newestFirst = releaseKeys(packageName).stream()
        .sorted(Comparator.reverseOrder())
        .limit(MAX_REUSE_CANDIDATES)
        .toList();
    for (String key : newestFirst) {
      Optional<HeadObjectResponse> head = head(key);
      if (head.isPresent() && expected.equals(head.get().checksumSHA256())) {
        return Optional.of(stored(key, head.get()));
      }
    }
    return Optional.empty();
  }

  /** One HEAD per zip: a listing carries no checksum. */
  @Override
  public List<StoredObject> list(String packageName) throws IOException {
    List<StoredObject> objects = new ArrayList<>();
    for (String key : releaseKeys(packageName).stream().sorted().toList()) {
      Optional<HeadObjectResponse> head = head(key);
      if (head.isPresent()) {
        objects.add(head.get().checksumSHA256() != null ? stored(key, head.get())
            : new StoredObject(key, location.uriOf(key), head.get().contentLength(),
                head.get().metadata().get("sha256"), Optional.empty()));
      }
    }
    return objects;
  }

  /**
   * Deletes every version (and delete marker) of the zip and of its companions
   * ({@code <key>.<suffix>}): in a versioned bucket a plain DeleteObject would only hide them.
   */
  @Override
  public void delete(StoredObject object) throws IOException {
    String key = object.key();
    if (!key.startsWith(location.prefix()) || !key.endsWith(".zip")) {
      throw new StoreException(location.uriOf(key) + " is not a zip under " + location);
    }
    try {
      for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(
          b -> b.bucket(location.bucket()).prefix(ArtifactStore.companionPrefix(key)))) {
        for (ObjectVersion version : page.versions()) {
          deleteVersion(key, version.key(), version.versionId());
        }
        for (DeleteMarkerEntry marker : page.deleteMarkers()) {
          deleteVersion(key, marker.key(), marker.versionId());
        }
      }
    } catch (S3Exception e) {
      throw failure("delete " + location.uriOf(key),
          "s3:ListBucketVersions, s3:DeleteObject and s3:DeleteObjectVersion", e);
    } catch (SdkClientException e) {
      throw new StoreException("cannot delete " + location.uriOf(key) + ": " + e.getMessage(), e);
    }
  }

  private void deleteVersion(String zipKey, String key, String versionId) {
    if (key.startsWith(ArtifactStore.companionPrefix(zipKey))) {
      // an unversioned bucket lists its objects with the version id "null"
      String version = versionId == null || "null".equals(versionId) ? null : versionId;
      s3.deleteObject(b -> b.bucket(location.bucket()).key(key).versionId(version));
    }
  }

  /** The keys of the package's zips, as layerkit names them. */
  private List<String> releaseKeys(String packageName) throws StoreException {
    Pattern releaseKey = Pattern.compile(
        Pattern.quote(location.packageFolder(packageName) + packageName) + "-\\d{14}\\.zip");
    return listKeys(location.packageFolder(packageName)).stream()
        .filter(key -> releaseKey.matcher(key).matches())
        .toList();
  }

  @Override
  public Optional<StoredObject> find(String key) throws IOException {
    return head(key).map(h -> stored(key, h));
  }

  @Override
  public synchronized boolean keepsVersions() throws IOException {
    if (versioned == null) {
      try {
        versioned = s3.getBucketVersioning(b -> b.bucket(location.bucket())).status()
            == BucketVersioningStatus.ENABLED;
      } catch (S3Exception e) {
        throw failure("read the versioning of " + location, "s3:GetBucketVersioning", e);
      } catch (SdkClientException e) {
        throw new StoreException("cannot read the versioning of " + location + ": "
            + e.getMessage(), e);
      }
    }
    return versioned;
  }

  @Override
  public StoredObject put(ArtifactUpload upload) throws IOException {
    String key = location.keyFor(upload.packageName(), upload.name());
    String uri = location.uriOf(key);
    checkKey(key, uri);
    long localSize = Files.size(upload.file());
    if (localSize != upload.size()) {
      throw new StoreException(uri + ": the local zip " + upload.file() + " is " + localSize
          + " bytes, not the " + upload.size() + " it was built with: it changed after archiving, build again");
    }
    String checksum = base64(upload.sha256());
    PutObjectRequest request = PutObjectRequest.builder()
        .bucket(location.bucket())
        .key(key)
        .contentType("application/zip")
        .contentLength(upload.size())
        .checksumAlgorithm(ChecksumAlgorithm.SHA256)
        .checksumSHA256(checksum)
        .ifNoneMatch("*")
        .metadata(metadata(upload, uri))
        .build();
    try {
      s3.putObject(request, RequestBody.fromFile(upload.file()));
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return existingSameContent(key, uri, upload, checksum);
      }
      throw failure("upload to " + uri, "s3:PutObject", e);
    } catch (SdkClientException e) {
      throw new StoreException("cannot upload to " + uri + ": " + e.getMessage(), e);
    }
    HeadObjectResponse head = head(key).orElseThrow(() -> new StoreException(
        uri + ": the object is missing right after it was uploaded: check the bucket's lifecycle rules and run again"));
    String mismatch = mismatch(head, upload, checksum);
    if (mismatch != null) {
      throw new StoreException(uri + ": " + mismatch + "; " + remove(key, head.versionId()));
    }
    return stored(key, head);
  }

  /**
   * A 412 means an object is already at the key (an earlier attempt of this very upload, e.g. a
   * retried PUT whose first try succeeded, or a concurrent run). Identical content is success;
   * anything else is someone else's object, which is never overwritten or removed.
   */
  private StoredObject existingSameContent(String key, String uri, ArtifactUpload upload, String checksum)
      throws StoreException {
    Optional<HeadObjectResponse> head = head(key);
    if (head.isEmpty()) {
      throw new StoreException(uri + ": another upload to this key is in progress: run again");
    }
    if (mismatch(head.get(), upload, checksum) != null) {
      throw new StoreException(uri + ": an object with other content already exists at this key and is "
          + "never overwritten: run again (the next run uses a new timestamp) or remove it");
    }
    return stored(key, head.get());
  }

  private static String mismatch(HeadObjectResponse head, ArtifactUpload upload, String checksum) {
    if (head.contentLength() == null || head.contentLength() != upload.size()) {
      return "S3 reports " + head.contentLength() + " bytes, expected " + upload.size();
    }
    if (head.checksumSHA256() == null) {
      return "the store returned no SHA-256 checksum, so the upload cannot be confirmed "
          + "(use a store that supports S3 checksums)";
    }
    if (!head.checksumSHA256().equals(checksum)) {
      return "S3 reports SHA-256 " + head.checksumSHA256() + ", expected " + checksum;
    }
    return null;
  }

  private String remove(String key, String versionId) {
    try {
      s3.deleteObject(b -> b.bucket(location.bucket()).key(key).versionId(versionId));
      return "the object was removed";
    } catch (S3Exception | SdkClientException e) {
      return "it could not be removed (" + e.getMessage() + "): delete it by hand";
    }
  }

  private Optional<HeadObjectResponse> head(String key) throws StoreException {
    try {
      return Optional.of(s3.headObject(b -> b.bucket(location.bucket()).key(key).checksumMode(ChecksumMode.ENABLED)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      if (e.statusCode() == 403) {
        // HEAD has no error body: 403 is a missing s3:GetObject (or, for a missing key, s3:ListBucket)
        throw new StoreException("cannot read " + location.uriOf(key) + ": access denied: layerkit needs "
            + "s3:GetObject and s3:ListBucket on " + location, e);
      }
      throw failure("read " + location.uriOf(key), "s3:GetObject", e);
    } catch (SdkClientException e) {
      throw new StoreException("cannot read " + location.uriOf(key) + ": " + e.getMessage(), e);
    }
  }

  private List<String> listKeys(String folder) throws StoreException {
    try {
      return s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(folder).delimiter("/"))
          .contents().stream()
          .map(S3Object::key)
          .toList();
    } catch (S3Exception e) {
      throw failure("list " + location.uriOf(folder), "s3:ListBucket", e);
    } catch (SdkClientException e) {
      throw new StoreException("cannot list " + location.uriOf(folder) + ": " + e.getMessage(), e);
    }
  }

  /** The object HEAD describes; its SHA-256 {@code null} when S3 keeps no checksum for it. */
  private StoredObject stored(String key, HeadObjectResponse head) {
    String checksum = head.checksumSHA256();
    return new StoredObject(key, location.uriOf(key), head.contentLength(),
        checksum == null ? null : HexFormat.of().formatHex(Base64.getDecoder().decode(checksum)),
        Optional.ofNullable(head.versionId()).filter(v -> !v.isEmpty() && !"null".equals(v)));
  }

  /**
   * What S3's refusal means: a missing bucket, a missing permission (named), a KMS key that
   * refuses, or a bucket in another region (named when S3 says which).
   *
   * @param permission the S3 permission {@code action} needs
   */
  private StoreException failure(String action, String permission, S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
        ? e.getMessage() : e.awsErrorDetails().errorMessage();
    String region = s3.serviceClientConfiguration().region().id();
    if ("NoSuchBucket".equals(code)) {
      return new StoreException("bucket " + location.bucket() + " does not exist: create it or fix"
          + " --store (" + location + ")", e);
    }
    if (code != null && code.startsWith("KMS.") || message != null && message.contains("kms:")) {
      return new StoreException("the KMS key that encrypts " + location + " refused to " + action
          + ": layerkit needs kms:GenerateDataKey and kms:Decrypt on it (S3 said: " + message
          + ")", e);
    }
    if (e.statusCode() == 403 || "AccessDenied".equals(code)) {
      return new StoreException("access denied to " + action + ": layerkit needs " + permission
          + " on " + location + " (S3 said: " + message + ")", e);
    }
    if (e.statusCode() == 301 || "PermanentRedirect".equals(code)
        || "AuthorizationHeaderMalformed".equals(code)) {
      Optional<String> actual = e.awsErrorDetails() == null ? Optional.empty()
          : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
      return new StoreException(actual
          .map(other -> "bucket " + location.bucket() + " is in region " + other + ", not "
              + region + ": pass --region " + other)
          .orElse("bucket " + location.bucket() + " is not in region " + region
              + ": pass the bucket's region with --region"), e);
    }
    return new StoreException("cannot " + action + ": " + message + " (" + code + ", HTTP "
        + e.statusCode() + ")", e);
  }

  private static void checkKey(String key, String uri) throws StoreException {
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new StoreException(uri + ": the key is longer than S3's " + MAX_KEY_BYTES + " bytes: use a shorter prefix");
    }
  }

  /**
   * User metadata: the upload's own (commit, source, content digest) plus sha256 and package.
   * Values travel as HTTP headers, so anything beyond printable ASCII is percent-encoded (UTF-8).
   */
  private static Map<String, String> metadata(ArtifactUpload upload, String uri) throws StoreException {
    Map<String, String> metadata = new LinkedHashMap<>();
    upload.metadata().forEach((k, v) -> metadata.put(k.toLowerCase(java.util.Locale.ROOT), headerSafe(v)));
    metadata.put("sha256", upload.sha256());
    metadata.put("package", headerSafe(upload.packageName()));
    int bytes = 0;
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      if (!METADATA_KEY.matcher(entry.getKey()).matches()) {
        throw new StoreException(uri + ": metadata key '" + entry.getKey()
            + "' is not valid for S3 (lowercase letters, digits and hyphens)");
      }
      bytes += entry.getKey().length() + entry.getValue().length();
    }
    if (bytes > MAX_METADATA_BYTES) {
      throw new StoreException(uri + ": the object's metadata is " + bytes
          + " bytes, more than the 2 KiB (2,048 bytes) S3 allows: shorten the source description");
    }
    return metadata;
  }

  private static String headerSafe(String value) {
    if (value == null) {
      return "";
    }
    boolean plain = value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    return plain ? value : URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public StoredObject putDocument(String key, byte[] content, String mediaType)
      throws IOException {
    String uri = location.uriOf(key);
    checkKey(key, uri);
    String checksum = Base64.getEncoder().encodeToString(Sha256.newDigest().digest(content));
    try {
      s3.putObject(b -> b.bucket(location.bucket()).key(key).contentType(mediaType)
          .contentLength((long) content.length)
          .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(checksum),
          RequestBody.fromBytes(content));
    } catch (S3Exception e) {
      throw failure("upload to " + uri, "s3:PutObject", e);
    } catch (SdkClientException e) {
      throw new StoreException("cannot upload to " + uri + ": " + e.getMessage(), e);
    }
    HeadObjectResponse head = head(key).orElseThrow(() -> new StoreException(
        uri + ": the document is missing right after it was uploaded: run again"));
    if (!checksum.equals(head.checksumSHA256())) {
      throw new StoreException(uri + ": S3 reports SHA-256 " + head.checksumSHA256()
          + " for the document, expected " + checksum + "; run again");
    }
    return stored(key, head);
  }

  @Override
  public Optional<StoredObject> hashObject(String key) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    byte[] buffer = new byte[64 * 1024];
    Optional<GetObjectResponse> found = get(key, content -> {
      for (int n; (n = content.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    });
    return found.map(response -> new StoredObject(key, location.uriOf(key),
        response.contentLength(), Sha256.hex(digest),
        Optional.ofNullable(response.versionId()).filter(v -> !v.isEmpty() && !"null".equals(v))));
  }

  @Override
  public Optional<byte[]> readDocument(String key, int maxBytes) throws IOException {
    byte[][] read = new byte[1][];
    Optional<GetObjectResponse> found = get(key, content -> read[0] = content.readNBytes(maxBytes + 1));
    if (found.isPresent() && read[0].length > maxBytes) {
      throw new StoreException(location.uriOf(key) + " is larger than " + maxBytes
          + " bytes; it is not a document layerkit wrote");
    }
    return found.map(response -> read[0]);
  }

  /** What is done with an object's content while it streams in. */
  @FunctionalInterface
  private interface ContentReader {
    void read(InputStream content) throws IOException;
  }

  /** GetObject, the content handed to {@code reader}; empty when there is no such object. */
  private Optional<GetObjectResponse> get(String key, ContentReader reader) throws IOException {
    try (ResponseInputStream<GetObjectResponse> content =
        s3.getObject(b -> b.bucket(location.bucket()).key(key))) {
      reader.read(content);
      return Optional.of(content.response());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("read " + location.uriOf(key), "s3:GetObject", e);
    } catch (SdkClientException e) {
      throw new StoreException("cannot read " + location.uriOf(key) + ": " + e.getMessage(), e);
    }
  }

  private static String base64(String sha256Hex) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
  }
}
