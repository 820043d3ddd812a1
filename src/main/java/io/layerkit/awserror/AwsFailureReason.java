package io.layerkit.awserror;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Why an AWS call failed, in one line: the service's error code and the first line of its
 * message ({@code AccessDeniedException: User ... is not authorized to perform: kms:Sign ...}),
 * or the SDK's own first line for a failure that never reached the service. Request ids and
 * retry notes are left out: they do not help a person.
 */
public final class AwsFailureReason {
  private AwsFailureReason() {}

  public static String of(SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() != null ? service.awsErrorDetails().errorCode() : null;
      String message = service.awsErrorDetails() != null
          ? service.awsErrorDetails().errorMessage() : null;
      return (code != null ? code : "HTTP " + service.statusCode())
          + (message != null && !message.isBlank() ? ": " + firstLine(message) : "");
    }
    return firstLine(String.valueOf(e.getMessage()));
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("").strip();
  }
}
