package io.layerkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The attestation key and signing profile, checked once by the resolver both front doors use. */
class TrustSettingsTest {
  @TempDir Path dir;

  private LayerkitConfig resolve(ConfigOverrides given) {
    return new ConfigResolver(ConfigFile.empty(), dir, given.over(ConfigOverrides.none()
        .with(Setting.PACKAGES, "PACKAGE_PATH", List.of("layers/requests")))).resolve();
  }

  private static ConfigOverrides key(String key) {
    return ConfigOverrides.none().with(Setting.ATTESTATION_KEY, "--attestation-key", key);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "1234abcd-12ab-34cd-56ef-1234567890ab",
      "mrk-1234abcd12ab34cd56ef1234567890ab",
      "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "alias/layerkit-provenance",
      "arn:aws:kms:eu-west-1:123456789012:alias/layerkit/provenance",
      "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"})
  void everyFormKmsSignTakesIsAccepted(String given) {
    assertThat(resolve(key(given)).trust().attestationKey()).contains(given);
  }

  @ParameterizedTest
  @ValueSource(strings = {"layerkit provenance", "key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "alias/aws/ssm", "arn:aws:kms:eu-west-1:123456789012:secret/x", "1234"})
  void anythingElseIsRefusedNamingTheFlag(String given) {
    assertThatThrownBy(() -> resolve(key(given))).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--attestation-key '" + given + "' is not a KMS key");
  }

  @Test
  void noKeyAndNoProfileSignNothing() {
    assertThat(resolve(ConfigOverrides.none()).trust()).isEqualTo(TrustSettings.defaults());
  }

  @Test
  void aSigningProfileNeedsAnS3StoreAndAValidName() {
    ConfigOverrides profile = ConfigOverrides.none()
        .with(Setting.SIGNING_PROFILE, "SIGNING_PROFILE", "layerkit_prod")
        .with(Setting.STORE, "BUCKET_NAME", "s3://acme-layers/layers/");
    assertThat(resolve(profile).trust().signingProfile()).isEqualTo(Optional.of("layerkit_prod"));

    assertThatThrownBy(() -> resolve(ConfigOverrides.none()
        .with(Setting.SIGNING_PROFILE, "--signing-profile", "layerkit_prod")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--signing-profile needs an S3 store: AWS Signer signs one version of an"
            + " object in a versioned bucket, but store is file:.layerkit/store; set store to"
            + " s3://BUCKET/PREFIX of a bucket with versioning enabled");
    assertThatThrownBy(() -> resolve(ConfigOverrides.none()
        .with(Setting.SIGNING_PROFILE, "--signing-profile", "layerkit-prod")
        .with(Setting.STORE, "--store", "s3://acme-layers/")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--signing-profile 'layerkit-prod' is not a signing profile name");
  }

  @Test
  void theConfigFileNamesBothUnderTrustAndAFlagWinsOverIt() throws Exception {
    ConfigFile file = new ConfigFile(null, null, null, null, null, null, "s3://acme-layers/layers/",
        null, null, null, null, null, null, null, null,
        new ConfigFile.Trust("alias/layerkit-provenance", "layerkit_prod"));
    ConfigOverrides packages = ConfigOverrides.none()
        .with(Setting.PACKAGES, "PACKAGE_PATH", List.of("layers/requests"));

    TrustSettings fromFile = new ConfigResolver(file, dir, packages).resolve().trust();
    assertThat(fromFile.attestationKey()).contains("alias/layerkit-provenance");
    assertThat(fromFile.signingProfile()).contains("layerkit_prod");

    TrustSettings flagged = new ConfigResolver(file, dir,
        key("alias/other-key").over(packages)).resolve().trust();
    assertThat(flagged.attestationKey()).contains("alias/other-key");

    ConfigFile bad = new ConfigFile(null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, new ConfigFile.Trust("not a key", null));
    assertThatThrownBy(() -> new ConfigResolver(bad, dir, packages).resolve())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("layerkit.yaml trust.attestationKey 'not a key' is not a KMS key");
  }
}
