package io.layerkit.source.bitbucket;

import io.layerkit.source.RequestBudget;
import io.layerkit.source.RequestEstimate;
import io.layerkit.source.Secret;
import java.time.Duration;
import java.util.Optional;

/**
 * The one-line messages a failed Bitbucket request ends with: what failed (repository, ref or
 * commit, path) and what to check. Text that came from the server is flattened to one line,
 * shortened and has the token removed before it is quoted.
 */
final class FailureMessages {
  private static final int QUOTE_LIMIT = 200;

  private final BitbucketSettings settings;

  FailureMessages(BitbucketSettings settings) {
    this.settings = settings;
  }

  /** A final (not retried) 4xx answer. */
  String forStatus(int status, RequestSubject subject, String remote) {
    String where = subject.describe(settings.repo());
    return switch (status) {
      case 401 -> "Bitbucket answered 401 Unauthorized for " + where + quoted(remote) + ": "
          + credentialsHint();
      case 403 -> "Bitbucket answered 403 Forbidden for " + where + quoted(remote)
          + ": the token in " + settings.tokenOrigin() + " lacks read access to "
          + settings.repo() + " (it needs the 'repository' / 'read:repository:bitbucket' scope)";
      case 404 -> notFound(subject, where);
      default -> "Bitbucket answered HTTP " + status + " for " + where + quoted(remote);
    };
  }

  /**
   * 429 still there after the retries while Bitbucket's rate-limit headers say its hourly budget
   * is spent or nearly so.
   */
  String hourlyBudgetSpent(RequestSubject subject, int attempts, RequestBudget budget) {
    return "Bitbucket's hourly API request budget is exhausted (HTTP 429 for "
        + subject.describe(settings.repo()) + " after " + attempts(attempts) + "; "
        + budgetFigures(budget) + "): wait for the rolling hour to pass, or use --transport git"
        + " (one fetch instead of one request per file)";
  }

  /**
   * 429 still there after the retries, or a Retry-After longer than the retry time left, without
   * headers that say the hourly budget is spent: Bitbucket is throttling a burst.
   */
  String throttled(RequestSubject subject, int attempts, Duration elapsed,
      Optional<Duration> retryAfter, long requestsSent) {
    return "Bitbucket kept throttling requests (HTTP 429 for " + subject.describe(settings.repo())
        + " after " + attempts(attempts) + " in " + seconds(elapsed)
        + retryAfter.map(d -> ", Retry-After " + d.toSeconds() + " s").orElse("")
        + "; this source sent " + requestsSent + " requests): try again later or with a lower"
        + " --concurrency; --transport git needs one fetch instead of one request per file";
  }

  /** A package whose estimated requests do not fit in what is left of the hourly budget. */
  String budgetTooSmall(String packagePath, RequestEstimate estimate, RequestBudget budget) {
    String parts = estimate.listing() > 0
        ? estimate.listing() + " to list, " + estimate.files() + " files"
        : "one per file";
    return "'" + packagePath + "' needs about " + estimate.total() + " more Bitbucket API requests"
        + " (" + parts + ", from " + estimate.basis() + ") but at most "
        + budget.remainingAtMost() + " are left this hour ("
        + budgetFigures(budget) + "); no file was fetched: use --transport git (one fetch"
        + " instead of one request per file), or wait for the rolling hour to pass";
  }

  private static String budgetFigures(RequestBudget budget) {
    return "X-RateLimit-Limit " + budget.hourlyLimit() + " an hour"
        + (budget.nearLimit() ? ", X-RateLimit-NearLimit true" : "")
        + ", this source sent " + budget.sentLastHour() + " in the last hour";
  }

  private static String attempts(int attempts) {
    return attempts + " attempt" + (attempts == 1 ? "" : "s");
  }

  /** 5xx, connection failures and timeouts that outlasted the retries. */
  String gaveUp(RequestSubject subject, int attempts, Duration elapsed, String lastProblem) {
    return "Bitbucket did not answer " + subject.describe(settings.repo()) + " after "
        + attempts(attempts) + " in " + seconds(elapsed) + ": "
        + oneLine(lastProblem) + "; check " + settings.apiUrl().getHost()
        + " is reachable and try again later";
  }

  /** A redirect Bitbucket should never send. */
  String badRedirect(RequestSubject subject, String why) {
    return "Bitbucket redirected the request for " + subject.describe(settings.repo()) + " "
        + why;
  }

  String credentialsHint() {
    if (settings.token().isEmpty()) {
      return "the repository needs a token: set " + settings.tokenOrigin()
          + " (access token: sent as Bearer; API token: also set BITBUCKET_USERNAME to your"
          + " Atlassian account email)";
    }
    if (settings.username().isPresent()) {
      return "check the API token in " + settings.tokenOrigin() + " and that BITBUCKET_USERNAME"
          + " is your Atlassian account email (sent as Basic auth); for an access token unset"
          + " BITBUCKET_USERNAME";
    }
    return "check the token in " + settings.tokenOrigin() + " is valid and not expired"
        + " (access token: sent as Bearer; API token: set BITBUCKET_USERNAME to your Atlassian"
        + " account email)";
  }

  private String notFound(RequestSubject subject, String where) {
    return switch (subject.kind()) {
      case REPOSITORY -> "no repository " + settings.repo() + " at " + settings.apiUrl()
          + " (or the token cannot see it): check the workspace and repository in "
          + settings.repo().uri() + " and the token's access";
      case REF -> "no branch, tag or commit '" + subject.revision() + "' in " + settings.repo()
          + ": check --ref";
      case FOLDER -> "no folder '" + subject.path() + "' in " + settings.repo() + " at "
          + subject.revision() + ": check the package path";
      case FILE -> "'" + subject.path() + "' was listed in " + settings.repo() + " at "
          + subject.revision() + " but downloading it answered 404 Not Found";
      case DIFF -> "Bitbucket cannot compare " + where + " (404 Not Found)";
    };
  }

  private String quoted(String remote) {
    return remote == null || remote.isBlank() ? "" : " (\"" + oneLine(remote) + "\")";
  }

  /** Flattens, shortens and redacts text before it goes into a message. */
  String oneLine(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.replaceAll("\\s+", " ").trim();
    for (Secret secret : settings.token().stream().toList()) {
      flat = secret.redact(flat);
      // the Basic form of an API token is as secret as the token
      for (String user : settings.username().stream().toList()) {
        flat = Secret.of(java.util.Base64.getEncoder().encodeToString(
            (user + ":" + secret.reveal()).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .redact(flat);
      }
    }
    return flat.length() > QUOTE_LIMIT ? flat.substring(0, QUOTE_LIMIT) + "…" : flat;
  }

  static String seconds(Duration elapsed) {
    return String.format(java.util.Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
  }
}
