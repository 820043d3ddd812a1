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
    message = OneLine.flatten(message.replace('\t', ' '));
    return TextCut.toLength(message, MAX_LENGTH, CUT);
  }
}
