package io.layerkit.publish.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.publish.PublishException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Share targets turned into AddLayerVersionPermission grants with stable statement ids. */
class LayerGrantTest {

  @Test
  void anAccountIsItsOwnPrincipal() throws Exception {
    assertThat(LayerGrant.parse("210987654321", false))
        .isEqualTo(new LayerGrant("210987654321", "layerkit-account-210987654321", "210987654321", Optional.empty()));
  }

  @Test
  void anOrganizationIsEveryPrincipalWithinIt() throws Exception {
    assertThat(LayerGrant.parse("o-a1b2c3d4e5", false))
        .isEqualTo(new LayerGrant("o-a1b2c3d4e5", "layerkit-org-o-a1b2c3d4e5", "*", Optional.of("o-a1b2c3d4e5")));
  }

  @Test
  void everyAccountNeedsExplicitPermission() throws Exception {
    assertThatThrownBy(() -> LayerGrant.parse("*", false)).isInstanceOf(PublishException.class)
        .hasMessage("--share * would make the layer usable by every AWS account: pass --allow-public to confirm, "
            + "or share with account or organization ids");
    assertThat(LayerGrant.parse("*", true))
        .isEqualTo(new LayerGrant("*", "layerkit-public", "*", Optional.empty()));
  }

  @Test
  void somethingElseIsRefused() {
    for (String bad : List.of("12345678901", "1234567890123", "o-short", "O-A1B2C3D4E5", "arn:aws:iam::210987654321:root", "")) {
      assertThatThrownBy(() -> LayerGrant.parse(bad, true)).isInstanceOf(PublishException.class)
          .hasMessageContaining("is not an account id (12 digits), an organization id");
    }
  }

  @Test
  void statementIdsFitLambdasRulesAndRepeatsCollapse() throws Exception {
    List<LayerGrant> grants = LayerGrant.parseAll(
        List.of("210987654321", "o-" + "a".repeat(32), "210987654321"), false);

    assertThat(grants).hasSize(2);
    assertThat(grants).allSatisfy(g -> assertThat(g.statementId()).matches("[a-zA-Z0-9_-]{1,100}"));
  }
}
