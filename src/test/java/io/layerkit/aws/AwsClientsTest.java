package io.layerkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.config.ConfigException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** Region choice, endpoint parsing and the deployment weight rule of {@link AwsClients}. */
class AwsClientsTest {

  @Test
  void anExplicitRegionWinsOverTheChain() {
    assertThat(AwsClients.resolveRegion(Optional.of("eu-central-1"), () -> Optional.of(Region.US_WEST_2), false))
        .isEqualTo(Region.EU_CENTRAL_1);
  }

  @Test
  void theChainsRegionIsUsedWhenNoneIsGiven() {
    assertThat(AwsClients.resolveRegion(Optional.empty(), () -> Optional.of(Region.US_WEST_2), true))
        .isEqualTo(Region.US_WEST_2);
  }

  @Test
  void usEast1IsTheFallbackOnlyWhenAnEndpointIsSet() {
    assertThat(AwsClients.resolveRegion(Optional.empty(), Optional::empty, true)).isEqualTo(Region.US_EAST_1);
    assertThatThrownBy(() -> AwsClients.resolveRegion(Optional.empty(), Optional::empty, false))
        .isInstanceOf(ConfigException.class)
        .hasMessage("no AWS region configured: pass --region, set AWS_REGION, or set region in the AWS profile");
  }

  @Test
  void anEndpointMustBeAnHttpUrl() {
    assertThat(AwsClients.endpointUri("http://127.0.0.1:5000").getPort()).isEqualTo(5000);
    assertThatThrownBy(() -> AwsClients.endpointUri("localhost:5000"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--endpoint-url localhost:5000 is not an http(s) URL: use e.g. http://127.0.0.1:5000 "
            + "or https://s3.example.com");
  }

  @Test
  void onlyTheUrlConnectionHttpClientIsOnTheClassPath() {
    assertThat(present("software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient")).isTrue();
    assertThat(present("software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient")).isFalse();
    assertThat(present("software.amazon.awssdk.http.apache.ApacheHttpClient")).isFalse();
    assertThat(present("software.amazon.awssdk.http.crt.AwsCrtHttpClient")).isFalse();
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, AwsClientsTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
