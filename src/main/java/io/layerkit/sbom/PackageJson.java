package io.layerkit.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Node package's {@code package.json}: its name ({@code @scope/name} for a scoped package),
 * version and license ({@code "license": "MIT"}, or the older {@code {"type": "MIT"}} and
 * {@code "licenses": [...]} forms).
 */
final class PackageJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PackageJson() {}

  /**
   * The package at {@code location}; {@code pathName} (from the folder, {@code @scope/name})
   * stands in for a missing or unreadable name. Empty when neither gives a name.
   */
  static Optional<Distribution> distribution(byte[] bytes, String location, String pathName) {
    JsonNode json;
    try {
      json = JSON.readTree(bytes);
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      json = JSON.createObjectNode();
    }
    String fullName = text(json, "name").orElse(pathName);
    if (fullName == null || fullName.isBlank()) {
      return Optional.empty();
    }
    String scope = null;
    String name = fullName;
    int slash = fullName.indexOf('/');
    if (fullName.startsWith("@") && slash > 1) {
      scope = fullName.substring(0, slash);
      name = fullName.substring(slash + 1);
    }
    String version = text(json, "version").orElse(null);
    return Optional.of(new Distribution(Distribution.Kind.NPM, scope, name, version, license(json),
        Purls.npm(scope, name, version), null, List.of(location), List.of()));
  }

  private static DeclaredLicense license(JsonNode json) {
    JsonNode license = json.get("license");
    if (license != null && license.isTextual()) {
      return DeclaredLicense.parse(license.asText());
    }
    if (license != null && license.isObject()) {
      return DeclaredLicense.parse(license.path("type").asText(null));
    }
    List<String> terms = new ArrayList<>();
    JsonNode licenses = json.get("licenses");
    if (licenses != null && licenses.isArray()) {
      for (JsonNode each : licenses) {
        String type = each.isTextual() ? each.asText() : each.path("type").asText("");
        if (!type.isBlank()) {
          terms.add(type.trim());
        }
      }
    }
    return DeclaredLicense.terms(terms.stream().distinct().toList());
  }

  private static Optional<String> text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node != null && node.isTextual() && !node.asText().isBlank()
        ? Optional.of(node.asText().trim())
        : Optional.empty();
  }
}
