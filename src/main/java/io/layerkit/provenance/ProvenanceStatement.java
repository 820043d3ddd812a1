package io.layerkit.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link BuildRecord} as an in-toto Statement v1 whose predicate is SLSA Provenance v1, and back.
 *
 * <pre>
 * _type          https://in-toto.io/Statement/v1
 * subject        [{name: the zip, digest: {sha256}}]
 * predicateType  https://slsa.dev/provenance/v1
 * predicate.buildDefinition
 *   buildType             {@value #BUILD_TYPE}
 *   externalParameters    {source, ref (when given), path, timestamp}
 *   resolvedDependencies  [{uri: repository, digest: {gitCommit}}] (when there is a commit)
 * predicate.runDetails
 *   builder               {id, version: {layerkit}}
 *   metadata              {invocationId, startedOn, finishedOn}
 *   byproducts            [{name, digest: {sha256}, mediaType}] (the SBOM)
 * </pre>
 *
 * Fields are written in one fixed order, so the same record gives the same bytes.
 */
public final class ProvenanceStatement {
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
  /** What the external parameters mean and how to rebuild from them: README, "Provenance". */
  public static final String BUILD_TYPE = "https://layerkit.io/provenance/layer-zip/v1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> PARAMETERS = Set.of("source", "ref", "path", "timestamp");

  private ProvenanceStatement() {}

  /** The statement as compact UTF-8 JSON. */
  public static byte[] toJson(BuildRecord build) {
    ObjectNode statement = JSON.createObjectNode();
    statement.put("_type", STATEMENT_TYPE);
    statement.putArray("subject").add(descriptor(build.subject()));
    statement.put("predicateType", PREDICATE_TYPE);
    ObjectNode predicate = statement.putObject("predicate");

    ObjectNode definition = predicate.putObject("buildDefinition");
    definition.put("buildType", BUILD_TYPE);
    ObjectNode parameters = definition.putObject("externalParameters");
    parameters.put("source", build.source());
    build.ref().ifPresent(ref -> parameters.put("ref", ref));
    parameters.put("path", build.packagePath());
    parameters.put("timestamp", build.timestamp().toString());
    if (build.commit().isPresent()) {
      ObjectNode dependency = definition.putArray("resolvedDependencies").addObject();
      dependency.put("uri", build.repository().orElseThrow());
      dependency.putObject("digest").put("gitCommit", build.commit().get());
    }

    ObjectNode run = predicate.putObject("runDetails");
    ObjectNode builder = run.putObject("builder");
    builder.put("id", build.builderId());
    builder.putObject("version").put("layerkit", build.builderVersion());
    ObjectNode metadata = run.putObject("metadata");
    metadata.put("invocationId", build.invocationId());
    metadata.put("startedOn", build.startedOn().toString());
    metadata.put("finishedOn", build.finishedOn().toString());
    if (!build.byproducts().isEmpty()) {
      ArrayNode byproducts = run.putArray("byproducts");
      build.byproducts().forEach(b -> byproducts.add(descriptor(b)));
    }
    try {
      return JSON.writeValueAsBytes(statement);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a provenance statement", e);
    }
  }

  private static ObjectNode descriptor(Artifact artifact) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", artifact.name());
    node.putObject("digest").put("sha256", artifact.sha256());
    if (artifact.mediaType() != null) {
      node.put("mediaType", artifact.mediaType());
    }
    return node;
  }

  /**
   * Reads a statement this class wrote (or any that says the same in the same fields).
   *
   * @throws ProvenanceException naming the first field that is missing, of the wrong type, or
   *     not layerkit's
   */
  public static BuildRecord parse(byte[] json) throws ProvenanceException {
    JsonNode statement;
    try {
      statement = JSON.readTree(json);
    } catch (IOException e) {
      throw new ProvenanceException("the provenance statement is not JSON: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    require(statement, "_type", STATEMENT_TYPE);
    require(statement, "predicateType", PREDICATE_TYPE);
    JsonNode subjects = statement.path("subject");
    if (!subjects.isArray() || subjects.size() != 1) {
      throw new ProvenanceException("the provenance statement must name exactly one subject, not "
          + (subjects.isArray() ? subjects.size() : "none"));
    }
    JsonNode definition = statement.path("predicate").path("buildDefinition");
    require(definition, "buildType", BUILD_TYPE);
    JsonNode parameters = definition.path("externalParameters");
    Set<String> names = new TreeSet<>();
    parameters.fieldNames().forEachRemaining(names::add);
    names.removeAll(PARAMETERS);
    if (!names.isEmpty()) {
      throw new ProvenanceException("unexpected external parameters " + names
          + " in the provenance statement");
    }
    Optional<String> repository = Optional.empty();
    Optional<String> commit = Optional.empty();
    JsonNode dependencies = definition.path("resolvedDependencies");
    if (dependencies.size() > 1) {
      throw new ProvenanceException("the provenance statement names "
          + dependencies.size() + " resolved dependencies; a layer has one repository");
    }
    if (dependencies.size() == 1) {
      repository = Optional.of(text(dependencies.get(0), "uri"));
      commit = Optional.of(text(dependencies.get(0).path("digest"), "gitCommit"));
    }
    JsonNode run = statement.path("predicate").path("runDetails");
    JsonNode metadata = run.path("metadata");
    List<Artifact> byproducts = new ArrayList<>();
    for (Iterator<JsonNode> each = run.path("byproducts").elements(); each.hasNext(); ) {
      byproducts.add(artifact(each.next()));
    }
    return new BuildRecord(artifact(subjects.get(0)), text(parameters, "source"),
        optionalText(parameters, "ref"), text(parameters, "path"), instant(parameters, "timestamp"),
        repository, commit, text(run.path("builder"), "id"),
        text(run.path("builder").path("version"), "layerkit"), text(metadata, "invocationId"),
        instant(metadata, "startedOn"), instant(metadata, "finishedOn"), byproducts);
  }

  private static Artifact artifact(JsonNode descriptor) throws ProvenanceException {
    String name = text(descriptor, "name");
    String sha256 = text(descriptor.path("digest"), "sha256");
    try {
      return new Artifact(name, sha256, optionalText(descriptor, "mediaType").orElse(null));
    } catch (IllegalArgumentException e) {
      throw new ProvenanceException("'" + name + "' in the provenance statement: " + e.getMessage());
    }
  }

  private static void require(JsonNode node, String field, String expected)
      throws ProvenanceException {
    String actual = text(node, field);
    if (!actual.equals(expected)) {
      throw new ProvenanceException(field + " is '" + actual + "', not " + expected);
    }
  }

  private static String text(JsonNode node, String field) throws ProvenanceException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new ProvenanceException("the provenance statement has no text field '" + field + "'");
    }
    return value.asText();
  }

  private static Optional<String> optionalText(JsonNode node, String field)
      throws ProvenanceException {
    return node.has(field) ? Optional.of(text(node, field)) : Optional.empty();
  }

  private static Instant instant(JsonNode node, String field) throws ProvenanceException {
    String value = text(node, field);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ProvenanceException(field + " '" + value + "' is not an RFC 3339 UTC time");
    }
  }
}
