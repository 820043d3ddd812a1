package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.config.ConfigException;
import io.layerkit.config.LayerkitConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The function's {@code REGIONS} and {@code STORAGE}, and a {@code BUCKET_NAME} with
 * {@code {region}}, through the same resolver the command line uses.
 */
class FunctionRegionsAndStorageTest {

  @Test
  void regionsAndStorageReachTheConfiguration() {
    Map<String, String> vars = LambdaEnvironmentTest.minimal();
    vars.put("REGIONS", "eu-west-1, us-east-1,ap-southeast-2");
    vars.put("BUCKET_NAME", "acme-layers-{region}");
    vars.put("STORAGE", "reference");

    LayerkitConfig config = LambdaEnvironmentTest.resolve(vars);

    assertThat(config.aws().regions()).containsExactly("eu-west-1", "us-east-1", "ap-southeast-2");
    assertThat(config.store()).isEqualTo("s3://acme-layers-{region}/");
    assertThat(config.registry()).isEqualTo("ssm:/layerkit");
    assertThat(config.publish().storage()).isEqualTo("reference");
  }

  @Test
  void withoutRegionsTheFunctionsOwnRegionIsHome() {
    LayerkitConfig config = LambdaEnvironmentTest.resolve(LambdaEnvironmentTest.minimal());
    assertThat(config.aws().regions()).isEmpty();
    assertThat(config.publish().storage()).isEqualTo("copy");
  }

  @Test
  void severalRegionsWithOneBucketAreRefusedNamingTheVariables() {
    Map<String, String> vars = LambdaEnvironmentTest.minimal();
    vars.put("REGIONS", "eu-west-1,us-east-1");

    assertThatThrownBy(() -> LambdaEnvironmentTest.resolve(vars))
        .isInstanceOf(ConfigException.class)
        .hasMessage("BUCKET_NAME s3://acme-layers/ names one bucket but REGIONS names 2 regions,"
            + " and Lambda reads a layer only from a bucket in its own region: put {region} in"
            + " the bucket name, e.g. s3://acme-layers-{region}/layers/");
  }

  @Test
  void anEmptyRegionEntryIsRefused() {
    Map<String, String> vars = LambdaEnvironmentTest.minimal();
    vars.put("REGIONS", "eu-west-1,,us-east-1");

    assertThatThrownBy(() -> LambdaEnvironmentTest.resolve(vars))
        .hasMessage("REGIONS has an empty entry at position 2: separate values with single commas");
  }
}
