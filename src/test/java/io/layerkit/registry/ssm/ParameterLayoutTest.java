package io.layerkit.registry.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.registry.RegistryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ssm: URI forms and where a package's parameters go. */
class ParameterLayoutTest {

  @Test
  void uriFormsNormaliseToOnePrefix() {
    assertThat(ParameterLayout.parse("ssm:/layers").prefix()).isEqualTo("/layers");
    assertThat(ParameterLayout.parse("ssm:/layers/").prefix()).isEqualTo("/layers");
    assertThat(ParameterLayout.parse("ssm:layers/prod").prefix()).isEqualTo("/layers/prod");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ssm:", "ssm:/", "ssm://", "ssm:///"})
  void theRootOfParameterStoreIsRefusedWithAPrefixToUse(String uri) {
    assertThatThrownBy(() -> ParameterLayout.parse(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("registry " + uri + " names the root of Parameter Store, where layerkit's"
            + " parameters would sit among every other parameter of the account: give a prefix,"
            + " e.g. ssm:/layerkit/layers");
  }

  @Test
  void parametersSitBesideEachOther() {
    ParameterLayout layout = ParameterLayout.parse("ssm:/layers");

    assertThat(layout.nameParameter("requests")).isEqualTo("/layers/requests");
    assertThat(layout.releaseParameter("requests")).isEqualTo("/layers/requests/release");
    assertThat(layout.packageOfNameParameter("/layers/requests")).contains("requests");
    assertThat(layout.packageOfNameParameter("/layers/requests/release")).isEmpty();
    assertThat(layout.packageOfNameParameter("/other/requests")).isEmpty();
  }

  @Test
  void notAnSsmUriIsAConfigurationError() {
    assertThatThrownBy(() -> ParameterLayout.parse("file:releases.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("registry file:releases.json is not an ssm: URI: use ssm:/PREFIX, e.g. ssm:/layers");
    assertThatThrownBy(() -> ParameterLayout.parse("ssm://layers"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no empty segments");
    assertThatThrownBy(() -> ParameterLayout.parse("ssm:/aws-layers"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SSM reserves");
  }

  @Test
  void packageNamesAreCheckedAgainstSsmRules() throws Exception {
    ParameterLayout.parse("ssm:/layers").checkPackage("aws-sdk");
    assertThatThrownBy(() -> ParameterLayout.parse("ssm:/layers").checkPackage("py/requests"))
        .isInstanceOf(RegistryException.class).hasMessageContaining("cannot be part of an SSM");
    assertThatThrownBy(() -> ParameterLayout.parse("ssm:/layers").checkPackage("a".repeat(1000)))
        .isInstanceOf(RegistryException.class).hasMessageContaining("is longer than SSM's 1011 characters");
  }
}
