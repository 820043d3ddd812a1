package io.layerkit.config.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.aws.AwsClients;
import io.layerkit.aws.SsmSecretReader;
import io.layerkit.config.AwsSettings;
import io.layerkit.config.ConfigException;
import io.layerkit.source.Secret;
import io.layerkit.testing.MotoServer;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** Reading the Git host token from an SSM SecureString, against moto_server. */
class SsmSecretReaderAgainstMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String TOKEN = "ATCTT3xFfGN0-token-value";

  private AwsClients clients;
  private SsmClient ssm;
  private SsmSecretReader reader;

  @BeforeEach
  void setUp() {
    clients = AwsClients.create(new AwsSettings(Optional.of(MOTO.region().id()), Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty()), MOTO.credentials());
    ssm = clients.ssm();
    reader = new SsmSecretReader(ssm);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void readsTheSecureStringDecrypted() {
    ssm.putParameter(b -> b.name("/ci/bitbucket-token").value(TOKEN + "\n").type(ParameterType.SECURE_STRING));

    Secret secret = reader.read("/ci/bitbucket-token");

    assertThat(secret.reveal()).isEqualTo(TOKEN);
    assertThat(secret).hasToString("****");
  }

  @Test
  void aMissingParameterIsOneLineNamingItAndWhatToCheck() {
    assertThatThrownBy(() -> reader.read("/ci/missing-token"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("token parameter /ci/missing-token does not exist in region us-east-1: create it as a "
            + "SecureString there, or fix --token-parameter / BITBUCKET_TOKEN_PARAMETER");
  }

  @Test
  void aTokenSavedWithASecondLineIsRefusedWithoutShowingIt() {
    ssm.putParameter(b -> b.name("/ci/two-lines").value(TOKEN + "\r\nX-Injected: 1\n")
        .type(ParameterType.SECURE_STRING));

    assertThatThrownBy(() -> reader.read("/ci/two-lines"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("token parameter /ci/two-lines contains a line break, which no token holds and"
            + " no HTTP header may carry: put the token alone, on one line, in it (put-parameter"
            + " --type SecureString --overwrite; the value is not shown)")
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain("X-Inj"));
  }

  @Test
  void aTokenKeptUnencryptedIsRefusedWithoutShowingIt() {
    ssm.putParameter(b -> b.name("/ci/plain-token").value(TOKEN).type(ParameterType.STRING));

    assertThatThrownBy(() -> reader.read("/ci/plain-token"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("token parameter /ci/plain-token is a String, not a SecureString: store the token encrypted "
            + "(put-parameter --type SecureString --overwrite)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
  }
}
