package io.layerkit.registry.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.registry.RegistryException;
import org.junit.jupiter.api.Test;

/** The ssm: URI forms and where a package's parameters go. */
class ParameterLayoutTest {

  @Test
  void uriFormsNormaliseToOnePrefix() {
    assertThat(ParameterLayout.parse("ssm:/layers").prefix()).isEqualTo("/layers");
    assertThat(ParameterLayout.parse("ssm:/layers/").prefix()).isEqualTo("/layers");
    assertThat(ParameterLayout.parse("ssm:layers/prod").prefix()).isEqualTo("/layers/prod");
    assertThat(ParameterLayout.parse("ssm:/").root()).isEqualTo("/");
  }

  @Test
  void parametersSitBesideEachOther() {
    ParameterLayout layout = ParameterLayout.parse("ssm:/layers");

    assertThat(layout.nameParameter("requests")).isEqualTo("/layers/requests");
    assertThat(layout.releaseParameter("requests")).isEqualTo("/layers/requests/release");
    assertThat(layout.packageOfNameParameter("/layers/requests")).contains("requests");
    assertThat(layout.packageOfNameParameter("/layers/requests/release")).isEmpty();
    assertThat(layout.packageOfNameParameter("/other/requests")).isEmpty();
    assertThat(ParameterLayout.parse("ssm:/").nameParameter("requests")).isEqualTo("/requests");
  }

  @Test
  void notAnSsmUriIsAConfigurationError() {
    assertThatThrownBy(() -> ParameterLayout.parse("file:releases.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("registry file:releases.json is not an ssm: URI: use ssm:/PREFIX, e.g. ssm:/layers");
    assertThatThrownBy(() -> ParameterLayout.parse("ssm://layers"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no empty segments");
  }

  @Test
  void packageNamesAreCheckedAgainstSsmRules() throws Exception {
    ParameterLayout root = ParameterLayout.parse("ssm:/");
    assertThatThrownBy(() -> root.checkPackage("aws-sdk"))
        .isInstanceOf(RegistryException.class).hasMessageContaining("SSM reserves names starting with 'aws' or 'ssm'");
    ParameterLayout.parse("ssm:/layers").checkPackage("aws-sdk");
    assertThatThrownBy(() -> ParameterLayout.parse("ssm:/layers").checkPackage("a".repeat(1000)))
        .isInstanceOf(RegistryException.class).hasMessageContaining("is longer than SSM's 1011 characters");
  }
}
