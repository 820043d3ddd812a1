package io.layerkit.publish;

/** Code signing failed; the message is one line naming the profile or job and what to check. */
public class SigningException extends PublishException {
  public SigningException(String message) {
    super(message);
  }

  public SigningException(String message, Throwable cause) {
    super(message, cause);
  }
}
