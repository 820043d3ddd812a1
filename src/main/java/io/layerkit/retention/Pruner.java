package io.layerkit.retention;

import io.layerkit.message.OneLine;
import io.layerkit.registry.Release;
import io.layerkit.registry.ReleaseRegistry;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Retention for one region: reads a package's layer versions, what uses them, its releases and
 * its stored zips, plans with {@link RetentionPlanner}, and, when asked, deletes what the plan
 * does not keep: first the layer versions, then (only when every one of them is gone) the zips.
 *
 * <p>Nothing else is ever changed: grants belong to their version and go only with it, and the
 * registry is only read. A package with no recorded release is planned but never applied: with
 * nothing known to be current, a wrong {@code --registry} would otherwise look like permission
 * to delete every version nobody happens to use.
 */
public final class Pruner {
  private final LayerVersions layers;
  private final List<LayerUsage> usages;
  private final ReleaseRegistry registry;
  private final ArtifactStore store;
  private final Clock clock;

  public Pruner(LayerVersions layers, List<LayerUsage> usages, ReleaseRegistry registry,
      ArtifactStore store, Clock clock) {
    this.layers = layers;
    this.usages = List.copyOf(usages);
    this.registry = registry;
    this.store = store;
    this.clock = clock;
  }

  /** Plans the package's retention and, with {@code apply}, carries it out. Never throws for AWS or I/O trouble: the result says. */
  public PruneResult prune(String packageName, RetentionPolicy policy, boolean apply) {
    PrunePlan plan;
    Optional<Release> current;
    try {
      current = registry.current(packageName);
      plan = plan(packageName, policy, current);
    } catch (IOException | RuntimeException e) {
      return PruneResult.failed(packageName, layers.region(), OneLine.of(e));
    }
    if (!apply) {
      return new PruneResult(packageName, layers.region(), Optional.of(plan), false, List.of(),
          List.of(), null);
    }
    if (current.isEmpty()) {
      return new PruneResult(packageName, layers.region(), Optional.of(plan), true, List.of(),
          List.of(), "no release of " + packageName + " is recorded in " + registry.describe()
              + ": nothing was deleted; prune only packages layerkit records, or check --registry");
    }
    return apply(plan);
  }

  private PrunePlan plan(String packageName, RetentionPolicy policy, Optional<Release> current)
      throws IOException {
    Instant now = clock.instant();
    List<LayerVersionInfo> versions = layers.list(packageName);
    Map<KeepReason, Map<String, List<String>>> usage = new EnumMap<>(KeepReason.class);
    for (LayerUsage source : usages) {
      usage.merge(source.reason(), source.usersOf(packageName), Pruner::union);
    }
    List<VersionDecision> versionDecisions = RetentionPlanner.decideVersions(policy, versions,
        current.map(Release::layerVersionArn), usage, now);
    Set<String> keptArns = new HashSet<>();
    Set<String> keptSha256s = new HashSet<>();
    for (VersionDecision decision : versionDecisions) {
      if (decision.keep()) {
        keptArns.add(decision.version().arn());
        keptSha256s.add(layers.codeSha256(packageName, decision.version().version()));
      }
    }
    List<Release> history = registry.history(packageName);
    List<ObjectDecision> objectDecisions = new ArrayList<>(RetentionPlanner.decideObjects(policy,
        store.list(packageName), current, history, keptSha256s, keptArns, now));
    objectDecisions.addAll(RetentionPlanner.decideSignedCopies(policy, signedCopies(history),
        objectDecisions, current, keptSha256s, now));
    return new PrunePlan(packageName, layers.region(), policy, versionDecisions, objectDecisions);
  }

  /** The code-signed copies the releases name that the store still holds, each once. */
  private List<RetentionPlanner.SignedCopy> signedCopies(List<Release> history)
      throws IOException {
    Map<String, Release> bySignedKey = new LinkedHashMap<>();
    history.stream().filter(r -> r.signedKey() != null)
        .forEach(r -> bySignedKey.putIfAbsent(r.signedKey(), r));
    List<RetentionPlanner.SignedCopy> copies = new ArrayList<>();
    for (Release release : bySignedKey.values()) {
      Optional<StoredObject> object = store.find(release.signedKey());
      if (object.isPresent()) {
        copies.add(new RetentionPlanner.SignedCopy(object.get(), release.key(),
            release.signedSha256()));
      }
    }
    return copies;
  }

  private PruneResult apply(PrunePlan plan) {
    String packageName = plan.packageName();
    List<Long> deletedVersions = new ArrayList<>();
    List<String> deletedKeys = new ArrayList<>();
    String error = null;
    try {
      for (VersionDecision decision : plan.versionsToDelete()) {
        layers.delete(packageName, decision.version().version());
        deletedVersions.add(decision.version().version());
      }
    } catch (IOException | RuntimeException e) {
      // a version left in place may still need its zip (by-reference storage): keep every zip
      error = OneLine.of(e) + "; no stored object was deleted";
    }
    if (error == null) {
      try {
        for (ObjectDecision decision : plan.objectsToDelete()) {
          store.delete(decision.object());
          deletedKeys.add(decision.object().key());
        }
      } catch (IOException | RuntimeException e) {
        error = OneLine.of(e);
      }
    }
    return new PruneResult(packageName, plan.region(), Optional.of(plan), true, deletedVersions,
        deletedKeys, error);
  }

  private static Map<String, List<String>> union(Map<String, List<String>> a,
      Map<String, List<String>> b) {
    Map<String, List<String>> merged = new HashMap<>(a);
    b.forEach((arn, users) -> merged.merge(arn, users, (x, y) -> {
      List<String> all = new ArrayList<>(x);
      all.addAll(y);
      return all;
    }));
    return merged;
  }
}
