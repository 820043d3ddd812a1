package io.layerkit.source.git;

import io.layerkit.source.Secret;
import java.util.Optional;

/**
 * Makes text that came back from JGit or a server safe for a message: JGit puts the remote URL
 * into many exception messages, and a URL can carry userinfo, so both the userinfo of any URL and
 * every occurrence of the token are removed.
 */
final class CredentialScrubber {
  private final Optional<Secret> token;
  private final String remotePrefix;

  /**
   * @param token the token to remove wherever it appears
   * @param remote the remote URL, dropped where JGit starts a message with it, since layerkit's
   *     own message already names the remote
   */
  CredentialScrubber(Optional<Secret> token, String remote) {
    this.token = token;
    this.remotePrefix = remote + ": ";
  }

  String scrub(String text) {
    if (text == null) {
      return "";
    }
    String withoutUserInfo = GitSourceSettings.redactUserInfo(text);
    String oneLine = withoutUserInfo.replace(remotePrefix, "")
        .replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    return token.map(secret -> secret.redact(oneLine)).orElse(oneLine);
  }

  /** The innermost useful message of a failure chain, scrubbed. */
  String describe(Throwable failure) {
    Throwable cause = failure;
    String message = failure.getMessage();
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        message = cause.getMessage();
      }
    }
    return scrub(message == null ? failure.getClass().getSimpleName() : message);
  }
}
