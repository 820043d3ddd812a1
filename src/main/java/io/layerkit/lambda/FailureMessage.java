package io.layerkit.lambda;

import io.layerkit.message.OneLine;
import io.layerkit.source.Secret;
import java.util.List;

/**
 * Turns an error text into what PutJobFailureResult accepts and a pipeline's console shows well:
 * one line, secrets removed, at most 5,000 characters (the API's limit on
 * {@code failureDetails.message}).
 */
public final class FailureMessage {

  public static final int MAX_LENGTH = 5000;
  private static final String CUT = " ... (truncated; see the function's log)";

  private FailureMessage() {}

  public static String of(String text, List<Secret> secrets) {
    String message = text == null || text.isBlank() ? "layerkit failed without a message" : text;
    for (Secret secret : secrets) {
      message = secret.redact(message);
    }
    message = OneLine.flatten(message);
    if (message.length() > MAX_LENGTH) {
      int end = MAX_LENGTH - CUT.length();
      // Never split a surrogate pair: the API counts characters, a lone half is invalid text.
      if (Character.isHighSurrogate(message.charAt(end - 1))) {
        end--;
      }
      message = message.substring(0, end) + CUT;
    }
    return message;
  }
}
