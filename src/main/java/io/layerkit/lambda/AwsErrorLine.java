package io.layerkit.lambda;

import io.layerkit.message.OneLine;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * An exception as one line for a log or a failure message. AWS service errors are shown as
 * {@code <service> <code>: <message>}, which names what refused; the SDK's own message adds
 * request ids and status lines that do not help a person. Everything else is {@link OneLine}.
 */
final class AwsErrorLine {
  private AwsErrorLine() {}

  static String of(Throwable e) {
    if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      return aws.awsErrorDetails().serviceName() + " " + aws.awsErrorDetails().errorCode() + ": "
          + aws.awsErrorDetails().errorMessage();
    }
    return OneLine.of(e);
  }
}
