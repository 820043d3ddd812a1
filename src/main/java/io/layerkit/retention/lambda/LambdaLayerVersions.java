package io.layerkit.retention.lambda;

import io.layerkit.awserror.AwsFailureReason;
import io.layerkit.retention.LayerVersionInfo;
import io.layerkit.retention.LayerVersions;
import io.layerkit.retention.RetentionException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.lambda.model.ListLayerVersionsResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * A region's layer versions through Lambda: ListLayerVersions (every page: Lambda returns at most
 * 50 versions a page and a NextMarker for the rest), GetLayerVersion for a version's CodeSha256,
 * and DeleteLayerVersion.
 */
public final class LambdaLayerVersions implements LayerVersions {
  // Lambda's dates read 2026-12-04T06:45:42.123+0000: an offset without a colon
  private static final DateTimeFormatter CREATED = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .parseDefaulting(ChronoField.OFFSET_SECONDS, 0)
      .toFormatter();

  private final LambdaClient lambda;
  private final String region;

  public LambdaLayerVersions(LambdaClient lambda, String region) {
    this.lambda = lambda;
    this.region = region;
  }

  @Override
  public String region() {
    return region;
  }

  @Override
  public List<LayerVersionInfo> list(String layerName) throws RetentionException {
    List<LayerVersionInfo> versions = new ArrayList<>();
    try {
      for (ListLayerVersionsResponse page
          : lambda.listLayerVersionsPaginator(b -> b.layerName(layerName))) {
        for (LayerVersionsListItem item : page.layerVersions()) {
          versions.add(new LayerVersionInfo(item.version(), item.layerVersionArn(),
              created(item.createdDate()), item.description()));
        }
      }
    } catch (ResourceNotFoundException e) {
      return List.of();
    } catch (SdkException e) {
      throw new RetentionException("layer " + layerName + " in " + region
          + ": cannot list its versions (lambda:ListLayerVersions): " + AwsFailureReason.of(e), e);
    }
    versions.sort(Comparator.comparingLong(LayerVersionInfo::version).reversed());
    return versions;
  }

  @Override
  public String codeSha256(String layerName, long version) throws RetentionException {
    try {
      String base64 = lambda.getLayerVersion(b -> b.layerName(layerName).versionNumber(version))
          .content().codeSha256();
      return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
    } catch (SdkException e) {
      throw new RetentionException("layer " + layerName + " version " + version + " in " + region
          + ": cannot read it (lambda:GetLayerVersion): " + AwsFailureReason.of(e), e);
    }
  }

  @Override
  public void delete(String layerName, long version) throws RetentionException {
    try {
      lambda.deleteLayerVersion(b -> b.layerName(layerName).versionNumber(version));
    } catch (SdkException e) {
      throw new RetentionException("layer " + layerName + " version " + version + " in " + region
          + ": cannot delete it (lambda:DeleteLayerVersion): " + AwsFailureReason.of(e), e);
    }
  }

  static Instant created(String date) {
    return OffsetDateTime.parse(date, CREATED).toInstant();
  }
}
