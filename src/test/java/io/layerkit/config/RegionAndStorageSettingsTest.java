package io.layerkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regions and storage settings as both front doors give them ({@code --region} repeated,
 * {@code REGIONS}, {@code regions:} in the file), each region checked once by the one rule.
 */
class RegionAndStorageSettingsTest {
  private static final String BUCKETS = "s3://acme-layers-{region}/layers/";

  @TempDir Path dir;

  private LayerkitConfig resolve(ConfigFile file, ConfigOverrides overrides) {
    return new ConfigResolver(file, dir, overrides.with(Setting.PACKAGES, "PACKAGE_PATH",
        List.of("layers/requests"))).resolve();
  }

  private ConfigFile file(String yaml) throws IOException {
    return ConfigFileReader.read(Files.writeString(dir.resolve("layerkit.yaml"), yaml));
  }

  private static ConfigOverrides flags(List<String> regions, String store) {
    return ConfigOverrides.none()
        .with(Setting.REGIONS, "--region", regions)
        .with(Setting.STORE, "--store", store)
        .with(Setting.REGISTRY, "--registry", "ssm:/platform/layers");
  }

  @Test
  void repeatedRegionsKeepTheirOrderAndTheFirstIsHome() {
    LayerkitConfig config = resolve(ConfigFile.empty(),
        flags(List.of("eu-west-1", "us-east-1", "ap-southeast-2"), BUCKETS));

    assertThat(config.aws().regions()).containsExactly("eu-west-1", "us-east-1", "ap-southeast-2");
    assertThat(config.aws().region()).contains("eu-west-1");
    assertThat(config.store()).isEqualTo(BUCKETS);
  }

  @Test
  void theFileListsRegionsOrNamesOneAsBefore() throws IOException {
    LayerkitConfig listed = resolve(file("regions: [us-east-1, eu-central-1]\nstore: " + BUCKETS
        + "\nregistry: ssm:/platform/layers\n"), ConfigOverrides.none());
    LayerkitConfig single = resolve(file("aws: {region: eu-west-1}\n"), ConfigOverrides.none());

    assertThat(listed.aws().regions()).containsExactly("us-east-1", "eu-central-1");
    assertThat(single.aws().regions()).containsExactly("eu-west-1");
  }

  @Test
  void bothRegionsAndAwsRegionInTheFileAreRefused() throws IOException {
    ConfigFile both = file("regions: [us-east-1]\naws: {region: eu-west-1}\n");

    assertThatThrownBy(() -> resolve(both, ConfigOverrides.none()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("layerkit.yaml has both regions: and aws.region: keep one; the first of"
            + " regions: is the home region");
  }

  @Test
  void aMisspelledRegionIsRefusedUnderTheNameItWasGiven() {
    assertThatThrownBy(() -> resolve(ConfigFile.empty(), flags(List.of("eu-west1"), BUCKETS)))
        .hasMessage("--region 'eu-west1' is not an AWS region name such as eu-west-1");
    assertThatThrownBy(() -> resolve(ConfigFile.empty(), ConfigOverrides.none()
        .with(Setting.REGIONS, "REGIONS", List.of("us-east-1", "EU-WEST-1"))))
        .hasMessage("REGIONS 'EU-WEST-1' is not an AWS region name such as eu-west-1");
  }

  @Test
  void aRegionGivenTwiceIsRefused() {
    assertThatThrownBy(() -> resolve(ConfigFile.empty(),
        flags(List.of("us-east-1", "eu-west-1", "us-east-1"), BUCKETS)))
        .hasMessage("--region 'us-east-1' is given twice: name each region once");
  }

  @Test
  void oneBucketForSeveralRegionsIsRefusedInOneLine() {
    assertThatThrownBy(() -> resolve(ConfigFile.empty(),
        flags(List.of("us-east-1", "eu-west-1"), "s3://acme-layers/layers/")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--store s3://acme-layers/layers/ names one bucket but --region names 2"
            + " regions, and Lambda reads a layer only from a bucket in its own region: put"
            + " {region} in the bucket name, e.g. s3://acme-layers-{region}/layers/");
  }

  @Test
  void oneBucketForOneRegionAndAFileStoreForSeveralAreAccepted() {
    assertThat(resolve(ConfigFile.empty(), flags(List.of("eu-west-1"), "s3://acme-layers/l/"))
        .store()).isEqualTo("s3://acme-layers/l/");
    assertThat(resolve(ConfigFile.empty(), flags(List.of("eu-west-1", "us-east-1"), "file:zips"))
        .aws().regions()).hasSize(2);
  }

  @Test
  void severalRegionsNeedTheirOwnParameterStore() {
    assertThatThrownBy(() -> resolve(ConfigFile.empty(), ConfigOverrides.none()
        .with(Setting.REGIONS, "REGIONS", List.of("us-east-1", "eu-west-1"))
        .with(Setting.STORE, "BUCKET_NAME", BUCKETS)))
        .hasMessage("REGIONS names 2 regions but registry file:.layerkit/releases.json is one"
            + " file: each region's release is recorded in that region's Parameter Store; use"
            + " ssm:/PREFIX");
  }

  @Test
  void aRegionPlaceholderMustStillMakeAValidBucketName() {
    assertThatThrownBy(() -> resolve(ConfigFile.empty(),
        flags(List.of("us-east-1"), "s3://Acme_{region}/layers/")))
        .hasMessageStartingWith("--store bucket 'Acme_{region}' is not a valid S3 bucket name");
  }

  @Test
  void storageIsCopyUnlessReferenceIsAskedFor() throws IOException {
    assertThat(resolve(ConfigFile.empty(), ConfigOverrides.none()).publish().storage())
        .isEqualTo("copy");
    assertThat(resolve(file("publish: {storage: reference}\nstore: " + BUCKETS + "\n"),
        ConfigOverrides.none()).publish().storage()).isEqualTo("reference");
    assertThat(resolve(ConfigFile.empty(), ConfigOverrides.none()
        .with(Setting.STORAGE, "STORAGE", "REFERENCE")
        .with(Setting.STORE, "BUCKET_NAME", "s3://acme-layers/")).publish().storage())
        .isEqualTo("reference");
    assertThatThrownBy(() -> resolve(ConfigFile.empty(), ConfigOverrides.none()
        .with(Setting.STORAGE, "--storage", "link")))
        .hasMessage("--storage 'link' is not a storage mode: use copy (Lambda keeps its own copy)"
            + " or reference (Lambda reads the object version in the bucket)");
  }

  @Test
  void referenceStorageNeedsABucket() {
    assertThatThrownBy(() -> resolve(ConfigFile.empty(), ConfigOverrides.none()
        .with(Setting.STORAGE, "--storage", "reference")))
        .hasMessage("--storage reference needs an s3:// store in a versioned bucket, which Lambda"
            + " reads the layer from, but store is file:.layerkit/store: use --storage copy or an"
            + " s3:// store");
  }
}
