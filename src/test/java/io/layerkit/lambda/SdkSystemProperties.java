package io.layerkit.lambda;

import java.util.HashMap;
import java.util.Map;

/**
 * Points the AWS SDK's own settings at local endpoints through its system properties, the
 * in-process twins of {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_CODEPIPELINE},
 * {@code AWS_REGION} and the access key variables, so that the function's clients are built
 * exactly as when deployed (nothing forced in code). Restores the previous values on close.
 */
final class SdkSystemProperties implements AutoCloseable {

  private final Map<String, String> previous = new HashMap<>();

  /**
   * @param endpoint every service's endpoint
   * @param codePipelineEndpoint CodePipeline's own endpoint (the API on WireMock)
   */
  static SdkSystemProperties pointAt(String endpoint, String codePipelineEndpoint) {
    SdkSystemProperties properties = new SdkSystemProperties();
    properties.set("aws.endpointUrl", endpoint);
    properties.set("aws.endpointUrlCodePipeline", codePipelineEndpoint);
    properties.set("aws.region", "us-east-1");
    properties.set("aws.accessKeyId", "testing");
    properties.set("aws.secretAccessKey", "testing");
    return properties;
  }

  private void set(String name, String value) {
    previous.put(name, System.getProperty(name));
    System.setProperty(name, value);
  }

  @Override
  public void close() {
    previous.forEach((name, value) -> {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    });
  }
}
