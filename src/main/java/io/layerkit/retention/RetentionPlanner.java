package io.layerkit.retention;

import io.layerkit.registry.Release;
import io.layerkit.store.StoredObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Retention's rules, with no I/O: which layer versions and which stored zips are kept, and why.
 *
 * <p>A version is kept when the current release names it, when it is one of the newest N, when
 * it is younger than the age kept, or when a function uses it. A zip is kept when the current
 * release or another kept release records it, when a kept version holds its content (the link:
 * the version's CodeSha256 equals the zip's SHA-256, which the publisher checked when it made the
 * version), when it was stored within {@link RetentionPolicy#OBJECT_GRACE} or the age kept, or
 * when the store cannot say what it holds. Anything else is deleted.
 */
public final class RetentionPlanner {
  private static final Pattern KEY_TIMESTAMP = Pattern.compile("-(\\d{14})\\.zip$");
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private RetentionPlanner() {}

  /**
   * @param versions every version of the layer
   * @param currentArn the version the current release names, if any
   * @param usage per reason, version ARN to the functions using it
   * @return one decision per version, newest first
   */
  public static List<VersionDecision> decideVersions(RetentionPolicy policy,
      List<LayerVersionInfo> versions, Optional<String> currentArn,
      Map<KeepReason, Map<String, List<String>>> usage, Instant now) {
    List<LayerVersionInfo> newestFirst = versions.stream()
        .sorted(Comparator.comparingLong(LayerVersionInfo::version).reversed())
        .toList();
    Instant youngSince = now.minus(policy.keepYoungerThan());
    List<VersionDecision> decisions = new ArrayList<>();
    for (int i = 0; i < newestFirst.size(); i++) {
      LayerVersionInfo version = newestFirst.get(i);
      Set<KeepReason> reasons = EnumSet.noneOf(KeepReason.class);
      Set<String> users = new TreeSet<>();
      if (currentArn.isPresent() && currentArn.get().equals(version.arn())) {
        reasons.add(KeepReason.CURRENT_RELEASE);
      }
      if (i < policy.keepNewest()) {
        reasons.add(KeepReason.NEWEST);
      }
      if (version.created().isAfter(youngSince)) {
        reasons.add(KeepReason.YOUNG);
      }
      usage.forEach((reason, byArn) -> {
        List<String> using = byArn.get(version.arn());
        if (using != null && !using.isEmpty()) {
          reasons.add(reason);
          users.addAll(using);
        }
      });
      decisions.add(new VersionDecision(version, List.copyOf(reasons), List.copyOf(users)));
    }
    return decisions;
  }

  /**
   * @param objects the package's stored zips
   * @param current the current release, if any
   * @param history every recorded release of the package
   * @param keptVersionSha256s the SHA-256s (lowercase hex) of the kept layer versions' zips
   * @param keptVersionArns the ARNs of the kept layer versions
   * @return one decision per zip, newest first
   */
  public static List<ObjectDecision> decideObjects(RetentionPolicy policy,
      List<StoredObject> objects, Optional<Release> current, List<Release> history,
      Set<String> keptVersionSha256s, Set<String> keptVersionArns, Instant now) {
    Set<String> keptReleaseKeys = keptReleaseKeys(policy, history, keptVersionArns, now);
    List<ObjectDecision> decisions = new ArrayList<>();
    for (StoredObject object : objects.stream()
        .sorted(Comparator.comparing(StoredObject::key).reversed()).toList()) {
      Set<KeepReason> reasons = EnumSet.noneOf(KeepReason.class);
      if (current.isPresent() && current.get().key().equals(object.key())) {
        reasons.add(KeepReason.CURRENT_RELEASE);
      }
      if (keptReleaseKeys.contains(object.key())) {
        reasons.add(KeepReason.RECENT_RELEASE);
      }
      addContentAndAge(reasons, object.sha256(), keptVersionSha256s, object.key(), policy, now);
      decisions.add(new ObjectDecision(object, List.copyOf(reasons)));
    }
    return decisions;
  }

  /**
   * A code-signed copy of a stored zip, as a release recorded it (AWS Signer writes it under
   * its own name, so the store's listing of zips never shows it).
   *
   * @param object the signed copy as the store holds it now
   * @param zipKey the zip it is a signed copy of
   * @param sha256 its SHA-256 as the release recorded it: the layer version's CodeSha256
   */
  public record SignedCopy(StoredObject object, String zipKey, String sha256) {}

  /**
   * The signed copies' decisions, once the zips' are made: a copy goes with its zip, and is kept
   * on its own when it is the current release's or holds a kept version's content (a version
   * published from it). Its age is its zip's: Signer signs right after the zip is stored.
   *
   * @param zips the decisions {@link #decideObjects} made
   */
  public static List<ObjectDecision> decideSignedCopies(RetentionPolicy policy,
      List<SignedCopy> copies, List<ObjectDecision> zips, Optional<Release> current,
      Set<String> keptVersionSha256s, Instant now) {
    Set<String> keptZips = new HashSet<>();
    zips.stream().filter(ObjectDecision::keep).forEach(d -> keptZips.add(d.object().key()));
    List<ObjectDecision> decisions = new ArrayList<>();
    for (SignedCopy copy : copies) {
      Set<KeepReason> reasons = EnumSet.noneOf(KeepReason.class);
      if (current.isPresent() && copy.object().key().equals(current.get().signedKey())) {
        reasons.add(KeepReason.CURRENT_RELEASE);
      }
      if (keptZips.contains(copy.zipKey())) {
        reasons.add(KeepReason.SIGNED_COPY_OF_KEPT_ZIP);
      }
      addContentAndAge(reasons, copy.sha256(), keptVersionSha256s, copy.zipKey(), policy, now);
      decisions.add(new ObjectDecision(copy.object(), List.copyOf(reasons)));
    }
    return decisions;
  }

  /**
   * The reasons an object's bytes and age give: its SHA-256 unknown or a kept version's, stored
   * within the grace period or younger than the policy keeps. Its age is the time stamp in
   * {@code namedKey} (a zip's own name; a signed copy's zip's); a key without layerkit's time
   * stamp has an unknown age and is kept as if stored just now.
   */
  private static void addContentAndAge(Set<KeepReason> reasons, String sha256,
      Set<String> keptVersionSha256s, String namedKey, RetentionPolicy policy, Instant now) {
    if (sha256 == null) {
      reasons.add(KeepReason.CHECKSUM_UNKNOWN);
    } else if (keptVersionSha256s.contains(sha256)) {
      reasons.add(KeepReason.CONTENT_OF_KEPT_VERSION);
    }
    Instant stored = storedAt(namedKey).orElse(now);
    if (stored.isAfter(now.minus(RetentionPolicy.OBJECT_GRACE))) {
      reasons.add(KeepReason.STORED_RECENTLY);
    }
    if (stored.isAfter(now.minus(policy.keepYoungerThan()))) {
      reasons.add(KeepReason.YOUNG);
    }
  }

  /**
   * The keys of the releases retention keeps: the newest N, the young, and those whose layer
   * version is kept. (The current release's key is kept for its own reason.)
   */
  private static Set<String> keptReleaseKeys(RetentionPolicy policy, List<Release> history,
      Set<String> keptVersionArns, Instant now) {
    Instant youngSince = now.minus(policy.keepYoungerThan());
    List<Release> newestFirst = history.stream()
        .sorted(Comparator.comparing(Release::created).reversed())
        .toList();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < newestFirst.size(); i++) {
      Release release = newestFirst.get(i);
      if (i < policy.keepNewest() || release.created().isAfter(youngSince)
          || release.layerVersionArn() != null && keptVersionArns.contains(release.layerVersionArn())) {
        keys.add(release.key());
      }
    }
    return keys;
  }

  /** When layerkit stored a zip: the UTC timestamp in its name {@code <package>-<yyyyMMddHHmmss>.zip}. */
  static Optional<Instant> storedAt(String key) {
    Matcher matcher = KEY_TIMESTAMP.matcher(key);
    if (!matcher.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(matcher.group(1), TIMESTAMP).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
