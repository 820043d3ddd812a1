package io.layerkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerkit.config.ConfigException;
import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.Setting;
import io.layerkit.tree.PathRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an invocation may change for one run: the package list and the ref. It comes from a
 * direct invocation's JSON or from a CodePipeline action's {@code UserParameters}, shaped
 * {@code {"packages": ["lambda/layers/requests", "jq=lambda/layers/jq"], "ref": "main"}}; both
 * fields are optional and any other field is refused, so that a typo cannot silently build the
 * wrong thing. The values themselves are checked by the resolver, like every other setting.
 *
 * @param origin where it came from, e.g. "UserParameters", for messages
 * @param packages package entries replacing {@code PACKAGE_PATHS} (folders or NAME=FOLDER)
 * @param ref branch, tag or commit replacing {@code BITBUCKET_BRANCH}
 */
public record RunOverride(String origin, Optional<List<String>> packages, Optional<String> ref) {

  public static final RunOverride NONE = new RunOverride("", Optional.empty(), Optional.empty());

  private static final Set<String> FIELDS = Set.of("packages", "ref");

  public RunOverride {
    packages = packages.map(List::copyOf);
  }

  /** The values as settings, each named after its field ({@code UserParameters "packages"}). */
  public ConfigOverrides overrides() {
    ConfigOverrides overrides = ConfigOverrides.none();
    if (packages.isPresent()) {
      overrides = overrides.with(Setting.PACKAGES, origin + " \"packages\"", packages.get());
    }
    if (ref.isPresent()) {
      overrides = overrides.with(Setting.REF, origin + " \"ref\"", ref.get());
    }
    return overrides;
  }

  /**
   * Reads an override object.
   *
   * @param origin where it came from, e.g. "UserParameters", for the message
   * @throws ConfigException when the object has unknown fields or values of the wrong type
   */
  public static RunOverride of(JsonNode node, String origin) {
    if (!node.isObject()) {
      throw new ConfigException(origin + " must be a JSON object such as "
          + "{\"packages\": [\"lambda/layers/requests\"], \"ref\": \"main\"}");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new ConfigException(origin + " has an unknown field '" + PathRules.printable(name)
            + "': only \"packages\" and \"ref\" may be given");
      }
    }
    Optional<List<String>> packages = Optional.empty();
    JsonNode list = node.get("packages");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw new ConfigException(origin + " field \"packages\" must be an array of folder paths");
      }
      List<String> entries = new ArrayList<>();
      for (JsonNode item : list) {
        if (!item.isTextual() || item.asText().isBlank()) {
          throw new ConfigException(origin + " field \"packages\" must hold folder paths only,"
              + " no empty entries");
        }
        entries.add(item.asText().strip());
      }
      if (entries.isEmpty()) {
        throw new ConfigException(origin + " \"packages\" is empty: name at least one package"
            + " folder");
      }
      packages = Optional.of(entries);
    }
    Optional<String> ref = Optional.empty();
    JsonNode refNode = node.get("ref");
    if (refNode != null && !refNode.isNull()) {
      if (!refNode.isTextual() || refNode.asText().isBlank()) {
        throw new ConfigException(origin + " field \"ref\" must be a branch, tag or commit id");
      }
      ref = Optional.of(refNode.asText().strip());
    }
    return packages.isEmpty() && ref.isEmpty() ? NONE : new RunOverride(origin, packages, ref);
  }
}
