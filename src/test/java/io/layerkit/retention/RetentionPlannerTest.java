package io.layerkit.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.registry.Release;
import io.layerkit.store.StoredObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Retention's rules on their own: which versions and zips are kept, and for which reasons. */
class RetentionPlannerTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:layer:requests:";

  private static LayerVersionInfo version(long number, Instant created) {
    return new LayerVersionInfo(number, ARN + number, created, "layerkit layers/requests");
  }

  private static StoredObject zip(String stamp, String sha256) {
    String key = "layers/requests/requests-" + stamp + ".zip";
    return new StoredObject(key, "s3://acme/" + key, 100, sha256, Optional.empty());
  }

  private static Release release(String stamp, Instant created, String layerArn) {
    String key = "layers/requests/requests-" + stamp + ".zip";
    return new Release("requests", "requests-" + stamp, key, "s3://acme/" + key, "aa", "aa", 100,
        1, 10, null, "dir:.", "layers/requests", null, created, layerArn);
  }

  @Test
  void keepsTheNewestByNumberTheCurrentTheYoungAndTheUsedAndNothingElse() {
    List<LayerVersionInfo> versions = List.of(
        version(3, NOW.minus(Duration.ofDays(30))),
        version(9, NOW.minus(Duration.ofDays(20))),
        version(1, NOW.minus(Duration.ofDays(40))),
        version(8, NOW.minus(Duration.ofDays(21))),
        version(10, NOW.minus(Duration.ofHours(5))),
        version(2, NOW.minus(Duration.ofDays(35))));
    Map<KeepReason, Map<String, List<String>>> usage = Map.of(
        KeepReason.USED_BY_FUNCTION, Map.of(ARN + 2, List.of("fn:b", "fn:a")),
        KeepReason.USED_IN_ORGANIZATION, Map.of(ARN + 2, List.of("111122223333/eu-west-1/x"),
            ARN + 1, List.of()));

    List<VersionDecision> decisions = RetentionPlanner.decideVersions(
        new RetentionPolicy(2, Duration.ofDays(1)), versions, Optional.of(ARN + 3), usage, NOW);

    assertThat(decisions).extracting(d -> d.version().version())
        .containsExactly(10L, 9L, 8L, 3L, 2L, 1L);
    assertThat(decisions).extracting(VersionDecision::reasons).containsExactly(
        List.of(KeepReason.NEWEST, KeepReason.YOUNG),
        List.of(KeepReason.NEWEST),
        List.of(),
        List.of(KeepReason.CURRENT_RELEASE),
        List.of(KeepReason.USED_BY_FUNCTION, KeepReason.USED_IN_ORGANIZATION),
        List.of());
    assertThat(decisions.get(4).usedBy()).containsExactly("111122223333/eu-west-1/x", "fn:a", "fn:b");
  }

  @Test
  void aVersionExactlyAsOldAsTheDaysKeptIsNoLongerYoung() {
    List<VersionDecision> decisions = RetentionPlanner.decideVersions(
        new RetentionPolicy(0, Duration.ofDays(7)),
        List.of(version(1, NOW.minus(Duration.ofDays(7))), version(2, NOW.minus(Duration.ofDays(7)).plusSeconds(1))),
        Optional.empty(), Map.of(), NOW);

    assertThat(decisions).extracting(VersionDecision::keep).containsExactly(true, false);
  }

  @Test
  void zipsAreKeptForWhatRefersToThemOrWhatIsNotKnownAboutThemAndDeletedOtherwise() {
    StoredObject current = zip("20261101000000", "c1");
    StoredObject keptContent = zip("20260101000000", "k1");
    StoredObject recentRelease = zip("20261001000000", "r1");
    StoredObject releaseOfKeptVersion = zip("20250601000000", "v1");
    StoredObject justStored = zip("20261204113000", "n1");
    StoredObject unknown = zip("20240101000000", null);
    StoredObject young = zip("20261130000000", "y1");
    StoredObject old = zip("20240202000000", "o1");
    Release currentRelease = release("20261101000000", Instant.parse("2026-11-01T00:00:00Z"), ARN + 9);
    List<Release> history = List.of(
        release("20240202000000", Instant.parse("2024-02-02T00:00:00Z"), ARN + 1),
        release("20250601000000", Instant.parse("2025-06-01T00:00:00Z"), ARN + 4),
        release("20261001000000", Instant.parse("2026-10-01T00:00:00Z"), ARN + 8),
        currentRelease);

    List<ObjectDecision> decisions = RetentionPlanner.decideObjects(
        new RetentionPolicy(2, Duration.ofDays(5)),
        List.of(old, current, keptContent, recentRelease, releaseOfKeptVersion, justStored, unknown, young),
        Optional.of(currentRelease), history, Set.of("k1", "c1"), Set.of(ARN + 9, ARN + 4), NOW);

    assertThat(decisions).extracting(d -> d.object().key()).containsExactly(
        justStored.key(), young.key(), current.key(), recentRelease.key(), keptContent.key(),
        releaseOfKeptVersion.key(), old.key(), unknown.key());
    assertThat(decisions).extracting(ObjectDecision::reasons).containsExactly(
        List.of(KeepReason.YOUNG, KeepReason.STORED_RECENTLY),
        List.of(KeepReason.YOUNG),
        List.of(KeepReason.CURRENT_RELEASE, KeepReason.RECENT_RELEASE,
            KeepReason.CONTENT_OF_KEPT_VERSION),
        List.of(KeepReason.RECENT_RELEASE),
        List.of(KeepReason.CONTENT_OF_KEPT_VERSION),
        List.of(KeepReason.RECENT_RELEASE),
        List.of(),
        List.of(KeepReason.CHECKSUM_UNKNOWN));
  }

  @Test
  void aSignedCopyGoesWithItsZipUnlessAKeptVersionHoldsItsContent() {
    StoredObject oldZip = zip("20240202000000", "a1");
    StoredObject currentZip = zip("20261101000000", "c1");
    StoredObject publishedFromOld = zip("20250601000000", "b1");
    List<ObjectDecision> zips = List.of(
        new ObjectDecision(currentZip, List.of(KeepReason.CURRENT_RELEASE)),
        new ObjectDecision(publishedFromOld, List.of()),
        new ObjectDecision(oldZip, List.of()));
    Release current = new Release("requests", "requests-20261101000000", currentZip.key(),
        currentZip.location(), "c1", "c1", 100, 1, 10, null, "dir:.", "layers/requests", null,
        Instant.parse("2026-11-01T00:00:00Z"), ARN + 9, null, null, null, null, null, null,
        null, "layers/requests/signed/job-c.zip", "c2", null, null);
    RetentionPlanner.SignedCopy ofCurrent = signed("job-c", currentZip, "c2");
    RetentionPlanner.SignedCopy ofOld = signed("job-a", oldZip, "a2");
    RetentionPlanner.SignedCopy inUse = signed("job-b", publishedFromOld, "b2");

    List<ObjectDecision> decisions = RetentionPlanner.decideSignedCopies(
        new RetentionPolicy(1, Duration.ZERO), List.of(ofCurrent, ofOld, inUse), zips,
        Optional.of(current), Set.of("b2"), NOW);

    assertThat(decisions).extracting(d -> d.object().key()).containsExactly(
        ofCurrent.object().key(), ofOld.object().key(), inUse.object().key());
    assertThat(decisions).extracting(ObjectDecision::reasons).containsExactly(
        List.of(KeepReason.CURRENT_RELEASE, KeepReason.SIGNED_COPY_OF_KEPT_ZIP),
        List.of(),
        List.of(KeepReason.CONTENT_OF_KEPT_VERSION));
  }

  private static RetentionPlanner.SignedCopy signed(String job, StoredObject zip, String sha256) {
    String key = "layers/requests/signed/" + job + ".zip";
    return new RetentionPlanner.SignedCopy(
        new StoredObject(key, "s3://acme/" + key, 120, null, Optional.of("v1")), zip.key(), sha256);
  }

  @Test
  void theAgeOfAZipIsTheUtcTimestampInItsName() {
    assertThat(RetentionPlanner.storedAt("layers/requests/requests-20261123223500.zip"))
        .contains(Instant.parse("2026-11-23T22:35:00Z"));
    assertThat(RetentionPlanner.storedAt("layers/requests/requests-20261399223500.zip")).isEmpty();
    assertThat(RetentionPlanner.storedAt("layers/requests/latest.zip")).isEmpty();
  }

  @Test
  void aPolicyRefusesNegativeValuesInOneLine() {
    assertThatThrownBy(() -> RetentionPolicy.of(-1, null))
        .hasMessage("--keep -1 is negative: give how many of the newest versions to keep (default 5)");
    assertThatThrownBy(() -> RetentionPolicy.of(null, -2))
        .hasMessage("--keep-days -2 is negative: give an age in days, or 0");
    assertThat(RetentionPolicy.of(null, null)).isEqualTo(new RetentionPolicy(5, Duration.ZERO));
  }
}
