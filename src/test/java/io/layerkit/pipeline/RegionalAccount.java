package io.layerkit.pipeline;

import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.registry.Release;
import io.layerkit.registry.ssm.SsmReleaseRegistry;
import io.layerkit.testing.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * What one moto account holds in each of several regions, read with each region's own clients:
 * the tests count objects, parameter versions and layer versions region by region.
 */
final class RegionalAccount implements AutoCloseable {
  static final String BUCKETS = "acme-layers-{region}";
  static final String PREFIX = "/platform/layers";

  private final AwsClients home;
  private final List<String> regions;

  RegionalAccount(MotoServer moto, List<String> regions) {
    this.regions = List.copyOf(regions);
    this.home = AwsClients.create(new AwsSettings(regions, Optional.empty(),
        Optional.of(moto.endpoint().toString()), Optional.empty()), moto.credentials());
  }

  AwsClients in(String region) {
    return home.inRegion(region);
  }

  static String bucket(String region) {
    return BUCKETS.replace("{region}", region);
  }

  /** Creates the region's bucket in that region (us-east-1 takes no location constraint). */
  void createBucket(String region, boolean versioned) {
    in(region).s3().createBucket(b -> {
      b.bucket(bucket(region));
      if (!region.equals("us-east-1")) {
        b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region)));
      }
    });
    if (versioned) {
      in(region).s3().putBucketVersioning(b -> b.bucket(bucket(region))
          .versioningConfiguration(v -> v.status("Enabled")));
    }
  }

  /** The bucket's keys; none when the bucket does not exist. */
  List<String> objectKeys(String region) {
    try {
      return in(region).s3().listObjectsV2(b -> b.bucket(bucket(region))).contents().stream()
          .map(S3Object::key).sorted().toList();
    } catch (NoSuchBucketException e) {
      return List.of();
    }
  }

  /** The stored zips, without the SBOM and provenance beside each. */
  List<String> zipKeys(String region) {
    return objectKeys(region).stream().filter(key -> key.endsWith(".zip")).toList();
  }

  /** An object's bytes as text. */
  String text(String region, String key) {
    return in(region).s3().getObjectAsBytes(b -> b.bucket(bucket(region)).key(key)).asUtf8String();
  }

  boolean objectExists(String region, String key) {
    try {
      in(region).s3().headObject(b -> b.bucket(bucket(region)).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  /** The base64 SHA-256 checksum S3 keeps for the object. */
  String checksum(String region, String key) {
    return in(region).s3().headObject(b -> b.bucket(bucket(region)).key(key)
        .checksumMode("ENABLED")).checksumSHA256();
  }

  List<Long> layerVersions(String region, String layer) {
    return in(region).lambda().listLayerVersions(b -> b.layerName(layer)).layerVersions().stream()
        .map(LayerVersionsListItem::version).sorted().toList();
  }

  String policy(String region, String layer, long version) {
    return in(region).lambda().getLayerVersionPolicy(b -> b.layerName(layer).versionNumber(version))
        .policy();
  }

  /** The parameter's version number, 0 when it does not exist. */
  long parameterVersion(String region, String name) {
    try {
      return in(region).ssm().getParameter(b -> b.name(name)).parameter().version();
    } catch (ParameterNotFoundException e) {
      return 0;
    }
  }

  Optional<Release> release(String region, String packageName) throws Exception {
    return SsmReleaseRegistry.forUri(in(region).ssm(), "ssm:" + PREFIX).current(packageName);
  }

  /** A count of every kind of thing per region: what a re-run must leave as it is. */
  Map<String, List<Object>> census(String layer) {
    return regions.stream().collect(Collectors.toMap(Function.identity(), r -> List.of(
        objectKeys(r), layerVersions(r, layer),
        parameterVersion(r, PREFIX + "/" + layer),
        parameterVersion(r, PREFIX + "/" + layer + "/release"))));
  }

  @Override
  public void close() {
    home.close();
  }
}
