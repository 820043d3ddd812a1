package io.layerkit.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.json.JsonMappers;

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
      node.put("sbomKey", p.sbomKey());
      node.put("provenanceKey", p.provenanceKey());
      node.put("attestationKey", p.attestationKey());
      ArrayNode warnings = node.putArray("warnings");
      p.warnings().forEach(warnings::add);
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
