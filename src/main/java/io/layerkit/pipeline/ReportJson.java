package io.layerkit.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.json.JsonMappers;
import io.layerkit.source.RequestBudget;

/**
 * The report as the one JSON object of the {@code --json} contract (DESIGN.md), shared by the
 * CLI and the Lambda handler so both print the same thing.
 */
public final class ReportJson {
  private static final ObjectMapper MAPPER = JsonMappers.plain();

  private ReportJson() {}

  public static ObjectNode toTree(Report report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("ok", report.ok());
    root.put("commit", report.commit());
    ArrayNode packages = root.putArray("packages");
    for (PackageResult p : report.packages()) {
      ObjectNode node = packages.addObject();
      node.put("package", p.packageName());
      node.put("path", p.path());
      node.put("status", p.status().label());
      node.put("sha256", p.sha256());
      node.put("size", p.size());
      node.put("files", p.files());
      node.put("unzippedSize", p.unzippedSize());
      node.put("key", p.key());
      node.put("layerVersionArn", p.layerVersionArn());
      node.put("error", p.error());
      node.put("reason", p.reason());
      node.put("requests", p.requests());
      node.put("contentDigest", p.contentDigest());
      if (p.requestEstimate() == null) {
        node.putNull("requestEstimate");
      } else {
        ObjectNode estimate = node.putObject("requestEstimate");
        estimate.put("listing", p.requestEstimate().listing());
        estimate.put("files", p.requestEstimate().files());
        estimate.put("total", p.requestEstimate().total());
        estimate.put("basis", p.requestEstimate().basis());
      }
      node.put("sbomKey", p.sbomKey());
      node.put("provenanceKey", p.provenanceKey());
      node.put("attestationKey", p.attestationKey());
      ArrayNode warnings = node.putArray("warnings");
      p.warnings().forEach(warnings::add);
      if (!p.regions().isEmpty()) {
        ArrayNode regions = node.putArray("regions");
        for (RegionResult r : p.regions()) {
          ObjectNode region = regions.addObject();
          region.put("region", r.region());
          region.put("status", r.status().label());
          region.put("key", r.key());
          region.put("layerVersionArn", r.layerVersionArn());
          region.put("error", r.error());
          region.put("reason", r.reason());
        }
      }
    }
    RequestBudget budget = report.requestBudget();
    if (budget == null) {
      root.putNull("requestBudget");
    } else {
      ObjectNode node = root.putObject("requestBudget");
      node.put("hourlyLimit", budget.hourlyLimit());
      node.put("remainingAtMost", budget.remainingAtMost());
      node.put("nearLimit", budget.nearLimit());
      node.put("resource", budget.resource());
      node.put("sentLastHour", budget.sentLastHour());
      node.put("observedAt", budget.observedAt().toString());
    }
    return root;
  }

  public static String write(Report report) {
    try {
      return MAPPER.writeValueAsString(toTree(report));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the report", e);
    }
  }
}
