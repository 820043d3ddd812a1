package io.layerkit.lambda;

import io.layerkit.config.ConfigException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** An exception as one line for a log or a failure message: its own words, else its kind. */
final class OneLine {
  private OneLine() {}

  static String of(Throwable e) {
    if (e instanceof ConfigException || e instanceof EventException) {
      return e.getMessage();
    }
    if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      return aws.awsErrorDetails().serviceName() + " " + aws.awsErrorDetails().errorCode() + ": "
          + aws.awsErrorDetails().errorMessage();
    }
    String message = e.getMessage();
    return (message == null || message.isBlank() ? e.getClass().getSimpleName() : message)
        .replaceAll("[\\r\\n]+", " ");
  }
}
