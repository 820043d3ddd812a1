package io.layerkit.source.bitbucket;

import io.layerkit.source.Freshness;
import java.io.IOException;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Asks Bitbucket whether anything under a folder changed between the commit of the previous
 * release and the new one, through {@code diffstat/NEW..OLD} (a plain two-dot diff that sees
 * whitespace, see {@link ApiUrls#diffstat}: which side is "source" does not matter to whether a
 * path differs).
 *
 * <p>The diffstat's {@code path} filter is not used: it is documented as limiting the diff "to a
 * particular file", and if it matched files only, a folder filter would answer "nothing changed"
 * for a folder that did change. Instead every page is read and each value's old and new path is
 * checked here, stopping at the first change under the folder. Answers of more than
 * {@link #MAX_PAGES} pages give up ("unknown"), so a huge diff cannot cost more than the fetch it
 * tries to save.
 */
final class DiffstatFreshness {
  static final int MAX_PAGES = 20;
  private static final Pattern FULL_HASH = Pattern.compile("[0-9a-f]{40}");

  private final BitbucketHttp http;
  private final ApiUrls urls;

  DiffstatFreshness(BitbucketHttp http, ApiUrls urls) {
    this.http = http;
    this.urls = urls;
  }

  /** Never throws for an API problem: the answer is then "unknown" and the pipeline fetches. */
  Freshness compare(String oldCommit, String newCommit, String folder) {
    if (!FULL_HASH.matcher(oldCommit).matches()) {
      return Freshness.unknown("previous release's commit '" + oldCommit + "' is not a commit id");
    }
    String range = short7(oldCommit) + " and " + short7(newCommit);
    String where = folder.isEmpty() ? "the repository" : "'" + folder + "'";
    RequestSubject subject = RequestSubject.diff(short7(newCommit) + ".." + short7(oldCommit),
        folder);
    URI page = urls.diffstat(newCommit, oldCommit);
    try {
      for (int pages = 0; page != null; pages++) {
        if (pages == MAX_PAGES) {
          return Freshness.unknown("more than " + MAX_PAGES + " pages of changes between " + range
              + "; fetching to compare content");
        }
        ApiModel.DiffstatPage diff = http.getJson(page, ApiModel.DiffstatPage.class, subject);
        if (diff.values() == null) {
          return Freshness.unknown("Bitbucket's diffstat between " + range + " has no values");
        }
        for (ApiModel.Diffstat change : diff.values()) {
          if (!hasPath(change.old()) && !hasPath(change.current())) {
            return Freshness.unknown("Bitbucket's diffstat between " + range + " has a change"
                + " that names no path; fetching to compare content");
          }
          String changed = under(folder, change.old()) ? change.old().path()
              : under(folder, change.current()) ? change.current().path() : null;
          if (changed != null) {
            return Freshness.changed("'" + changed + "' changed between " + range);
          }
        }
        page = diff.next() == null || diff.next().isBlank() ? null : ApiUrls.link(diff.next());
      }
      return Freshness.same("no change under " + where + " between " + range);
    } catch (IOException | RuntimeException e) {
      return Freshness.unknown("Bitbucket could not compare " + range + " ("
          + e.getMessage() + "); fetching to compare content");
    }
  }

  private static boolean hasPath(ApiModel.PathRef ref) {
    return ref != null && ref.path() != null && !ref.path().isEmpty();
  }

  private static boolean under(String folder, ApiModel.PathRef ref) {
    if (!hasPath(ref)) {
      return false;
    }
    return folder.isEmpty() || ref.path().equals(folder) || ref.path().startsWith(folder + "/");
  }

  static String short7(String commit) {
    return commit.length() <= 7 ? commit : commit.substring(0, 7);
  }
}
