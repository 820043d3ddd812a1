package io.layerkit.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.json.JsonMappers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How prune results read: as one JSON object ({@code --json}, and the function's report) and as
 * plan lines for a person. Both list every version and zip with its action and reasons.
 */
public final class PruneReport {
  private static final ObjectMapper JSON = JsonMappers.plain();

  private PruneReport() {}

  /**
   * {@code {"ok", "applied", "packages": [{"package", "region", "keep", "keepDays", "versions":
   * [{"version", "arn", "created", "action", "reasons", "usedBy"}], "objects": [{"key",
   * "location", "sha256", "action", "reasons"}], "deletedVersions", "deletedObjects", "error"}]}}
   */
  public static ObjectNode toTree(List<PruneResult> results, boolean applied) {
    ObjectNode root = JSON.createObjectNode();
    root.put("ok", results.stream().allMatch(PruneResult::ok));
    root.put("applied", applied);
    ArrayNode packages = root.putArray("packages");
    results.forEach(result -> packages.add(packageNode(result)));
    return root;
  }

  public static ObjectNode packageNode(PruneResult result) {
    ObjectNode node = JSON.createObjectNode();
    node.put("package", result.packageName());
    node.put("region", result.region());
    result.plan().ifPresent(plan -> {
      node.put("keep", plan.policy().keepNewest());
      node.put("keepDays", plan.policy().keepYoungerThan().toDays());
      ArrayNode versions = node.putArray("versions");
      for (VersionDecision decision : plan.versions()) {
        ObjectNode version = versions.addObject();
        version.put("version", decision.version().version());
        version.put("arn", decision.version().arn());
        version.put("created", decision.version().created().toString());
        version.put("action", decision.keep() ? "keep" : "delete");
        ArrayNode reasons = version.putArray("reasons");
        decision.reasons().forEach(reason -> reasons.add(reason.id()));
        decision.usedBy().forEach(version.putArray("usedBy")::add);
      }
      ArrayNode objects = node.putArray("objects");
      for (ObjectDecision decision : plan.objects()) {
        ObjectNode object = objects.addObject();
        object.put("key", decision.object().key());
        object.put("location", decision.object().location());
        object.put("sha256", decision.object().sha256());
        object.put("action", decision.keep() ? "keep" : "delete");
        ArrayNode reasons = object.putArray("reasons");
        decision.reasons().forEach(reason -> reasons.add(reason.id()));
      }
    });
    result.deletedVersions().forEach(node.putArray("deletedVersions")::add);
    result.deletedKeys().forEach(node.putArray("deletedObjects")::add);
    node.put("error", result.error());
    return node;
  }

  /** The plan as lines: a summary per package, then one line per version and per zip. */
  public static List<String> lines(PruneResult result) {
    List<String> lines = new ArrayList<>();
    String head = result.packageName() + " (" + result.region() + ")";
    if (result.plan().isEmpty()) {
      lines.add(head + ": failed: " + result.error());
      return lines;
    }
    PrunePlan plan = result.plan().get();
    lines.add(head + ": " + plan.versions().size() + " layer versions, keep "
        + (plan.versions().size() - plan.versionsToDelete().size()) + ", "
        + (result.applied() ? "deleted " + result.deletedVersions().size()
            : "delete " + plan.versionsToDelete().size())
        + "; " + plan.objects().size() + " stored zips, keep "
        + (plan.objects().size() - plan.objectsToDelete().size()) + ", "
        + (result.applied() ? "deleted " + result.deletedKeys().size()
            : "delete " + plan.objectsToDelete().size()));
    for (VersionDecision decision : plan.versions()) {
      LayerVersionInfo version = decision.version();
      String reasons = decision.reasons().stream()
          .map(reason -> describe(reason, plan.policy()))
          .collect(Collectors.joining(", "));
      String users = decision.usedBy().isEmpty() ? ""
          : " (" + String.join(", ", decision.usedBy()) + ")";
      lines.add(String.format("  %-6s  version %-5d %s  %s%s", decision.keep() ? "keep" : "delete",
          version.version(), version.created().toString().substring(0, 10), reasons, users)
          .stripTrailing());
    }
    for (ObjectDecision decision : plan.objects()) {
      String reasons = decision.reasons().stream()
          .map(reason -> describe(reason, plan.policy()))
          .collect(Collectors.joining(", "));
      lines.add(String.format("  %-6s  %s  %s", decision.keep() ? "keep" : "delete",
          decision.object().location(), reasons).stripTrailing());
    }
    if (result.error() != null) {
      lines.add("  error: " + result.error());
    }
    return lines;
  }

  private static String describe(KeepReason reason, RetentionPolicy policy) {
    return switch (reason) {
      case NEWEST -> "one of the newest " + policy.keepNewest();
      case YOUNG -> "younger than " + policy.keepYoungerThan().toDays() + " days";
      default -> reason.description();
    };
  }
}
