package io.layerkit.lambda;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The output variables of a successful CodePipeline job: {@code commit}, and per package
 * {@code <name>_status}, {@code <name>_key}, {@code <name>_sha256} and
 * {@code <name>_layerVersionArn}, usable downstream as {@code #{Namespace.requests_key}}.
 *
 * <p>CodePipeline's rules: variable names match {@code [A-Za-z0-9@\-_]+}, so other characters of
 * a package name become {@code _}; all variables of an action together stay within 122,880 bytes,
 * so packages that would not fit are left out and {@code truncated} says so. Empty values are
 * left out rather than sent.
 */
public final class OutputVariables {

  /** CodePipeline's limit on all output variables of one action combined. */
  public static final int MAX_TOTAL_BYTES = 122_880;

  private static final Pattern NOT_ALLOWED = Pattern.compile("[^A-Za-z0-9@_-]");

  private OutputVariables() {}

  public static Map<String, String> of(String commit, List<PackageOutput> outputs) {
    Map<String, String> variables = new LinkedHashMap<>();
    int[] used = {0};
    put(variables, used, "commit", commit);
    // Reserve room for the marker so that it always fits when it is needed.
    int reserve = size("truncated", "true");
    for (PackageOutput output : outputs) {
      String name = uniqueName(variables, NOT_ALLOWED.matcher(output.packageName()).replaceAll("_"));
      Map<String, String> own = new LinkedHashMap<>();
      own.put(name + "_status", output.status());
      own.put(name + "_key", output.key());
      own.put(name + "_sha256", output.sha256());
      own.put(name + "_layerVersionArn", output.layerVersionArn());
      own.values().removeIf(v -> v == null || v.isEmpty());
      int needed = own.entrySet().stream().mapToInt(e -> size(e.getKey(), e.getValue())).sum();
      if (used[0] + needed > MAX_TOTAL_BYTES - reserve) {
        put(variables, used, "truncated", "true");
        break;
      }
      own.forEach((k, v) -> put(variables, used, k, v));
    }
    return variables;
  }

  private static String uniqueName(Map<String, String> taken, String base) {
    String name = base;
    for (int n = 2; taken.containsKey(name + "_status"); n++) {
      name = base + "_" + n;
    }
    return name;
  }

  private static void put(Map<String, String> variables, int[] used, String key, String value) {
    if (value != null && !value.isEmpty()) {
      variables.put(key, value);
      used[0] += size(key, value);
    }
  }

  private static int size(String key, String value) {
    return key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
  }
}
