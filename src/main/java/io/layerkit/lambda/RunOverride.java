package io.layerkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerkit.config.ConfigException;
import io.layerkit.tree.PathRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an invocation may change for one run: the package folders and the ref. It comes from a
 * direct invocation's JSON or from a CodePipeline action's {@code UserParameters}, shaped
 * {@code {"packages": ["lambda/layers/requests"], "ref": "main"}}; both fields are optional and
 * any other field is refused, so that a typo cannot silently build the wrong thing.
 *
 * @param packages package folders replacing {@code PACKAGE_PATHS}, normalised
 * @param ref branch, tag or commit replacing {@code BITBUCKET_BRANCH}
 */
public record RunOverride(Optional<List<String>> packages, Optional<String> ref) {

  public static final RunOverride NONE = new RunOverride(Optional.empty(), Optional.empty());

  private static final Set<String> FIELDS = Set.of("packages", "ref");
  private static final int MAX_REF_LENGTH = 255;

  public RunOverride {
    packages = packages.map(List::copyOf);
  }

  /**
   * Reads an override object.
   *
   * @param origin where it came from, e.g. "UserParameters", for the message
   * @throws ConfigException when the object has unknown fields or malformed values
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
      List<String> paths = new ArrayList<>();
      for (JsonNode item : list) {
        if (!item.isTextual()) {
          throw new ConfigException(origin + " field \"packages\" must hold strings only");
        }
        paths.add(item.asText());
      }
      packages = Optional.of(LambdaEnvironment.checkPackagePaths(origin + " \"packages\"", paths));
    }
    Optional<String> ref = Optional.empty();
    JsonNode refNode = node.get("ref");
    if (refNode != null && !refNode.isNull()) {
      if (!refNode.isTextual() || !validRef(refNode.asText())) {
        throw new ConfigException(origin + " field \"ref\" must be a branch, tag or commit id "
            + "without spaces or control characters");
      }
      ref = Optional.of(refNode.asText().trim());
    }
    return new RunOverride(packages, ref);
  }

  private static boolean validRef(String ref) {
    String trimmed = ref.trim();
    return !trimmed.isEmpty() && trimmed.length() <= MAX_REF_LENGTH
        && trimmed.chars().noneMatch(c -> c <= 0x20 || c == 0x7f) && !trimmed.contains("..");
  }
}
